/**
 * Sorts the Kafka client's errors into the three classes the EOS loop acts on. Abortable: abort
 * the transaction and redo from the committed offsets. Fatal: the producer is fenced or broken;
 * recreate it. Unknown outcome (a commit that timed out): treat as fatal, because carrying on
 * after it can lose writes.
 */
export type KafkaErrorClass = 'abortable' | 'fatal'

/** An error of the KafkaJS-compatible API (`fatal`) or of the native one (`isFatal`). */
interface ClientError {
  fatal?: boolean
  isFatal?: boolean
  abortable?: boolean
  retriable?: boolean
  code?: number
}

const FENCED = new Set([
  -144 /* ERR__FENCED */, 47 /* INVALID_PRODUCER_EPOCH */, 90 /* PRODUCER_FENCED */,
])
const TIMED_OUT = new Set([-185 /* ERR__TIMED_OUT */, 7 /* REQUEST_TIMED_OUT */])

/**
 * @example
 * if (classifyKafkaError(error) === 'fatal') await recreateProducer()
 */
export function classifyKafkaError(error: unknown): KafkaErrorClass {
  const e = (error ?? {}) as ClientError
  if (
    e.fatal ||
    e.isFatal ||
    (e.code !== undefined && (FENCED.has(e.code) || TIMED_OUT.has(e.code)))
  )
    return 'fatal'
  return 'abortable'
}
