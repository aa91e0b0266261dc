/**
 * The incident topology's Kafka encodings: raw events decoded from Avro through the registry
 * (failures carry the dead-letter reason), each sink encoded with its own registered schema, and
 * dead letters built as `schemas/dead-letter.avsc` records with the reason and origin in headers.
 */
import type { DecodeError, Encoder, Serde } from '@incident-pipeline/dataflow/avro'
import type {
  InputRecord,
  OutputRecord,
  Codec,
  DeadLetterEncoder,
  SinkEncoder,
} from '@incident-pipeline/dataflow/kafka'
import { loadSchema } from '../schemas/catalog.ts'
import type { RawIncidentEvent } from '../transforms/index.ts'
import type { DeadLetterElement } from '../transforms/dead-letter.ts'
import type { TopicNames } from './topics.ts'

const MAX_DEAD_LETTER_VALUE = 1024 * 1024

export interface IncidentCodecs {
  sourceCodecs: { raw: Codec<RawIncidentEvent> }
  encodeSink: SinkEncoder
  deadLetter: DeadLetterEncoder
  sinkTopics: Record<string, string>
}

interface Keyed {
  service?: string | null
  action?: string
  key?: string
  dimension?: string
  window_start?: number
}

const keyOf = (sink: string, value: Keyed): string | null => {
  if (sink === 'enriched' || sink === 'late') return value.service ?? value.action ?? null
  if (sink === 'alerts') return value.key ?? null
  if (sink === 'hourly_summary') return `${value.dimension}|${value.window_start}`
  return null
}

const sinkTopicsOf = (names: TopicNames): Record<string, string> => ({
  enriched: names.enriched,
  late: names.late,
  hourly_summary: names.hourlySummaries,
  alerts: names.alerts,
  dead_letter: names.deadLetter,
})

/** Registers each sink's schema under `<topic>-value` and returns the sink's encoder. */
async function sinkEncoders(serde: Serde, names: TopicNames) {
  return {
    enriched: await serde.encoder(`${names.enriched}-value`, loadSchema('enriched-incident')),
    late: await serde.encoder(`${names.late}-value`, loadSchema('enriched-incident')),
    hourly_summary: await serde.encoder(
      `${names.hourlySummaries}-value`,
      loadSchema('hourly-summary'),
    ),
    alerts: await serde.encoder(`${names.alerts}-value`, loadSchema('alert')),
    dead_letter: await serde.encoder(`${names.deadLetter}-value`, loadSchema('dead-letter')),
  }
}

/** A dead-letter record for `input`, with the reason and origin in both the value and headers. */
function deadLetterRecord(
  encoder: Encoder<unknown>,
  topic: string,
  {
    input,
    reason,
    detail,
    step,
  }: { input: InputRecord; reason: string; detail: string; step: string },
): OutputRecord {
  const value = input.value
  return {
    topic,
    key: input.key,
    value: encoder.encode({
      reason,
      detail: detail.slice(0, 2_000),
      step,
      source_topic: input.topic,
      source_partition: input.partition,
      source_offset: input.offset,
      key: input.key,
      value:
        value && value.length > MAX_DEAD_LETTER_VALUE
          ? value.subarray(0, MAX_DEAD_LETTER_VALUE)
          : value,
      failed_at: input.timestamp,
    }),
    headers: {
      'dlq.reason': reason,
      'dlq.step': step,
      'dlq.source.topic': input.topic,
      'dlq.source.partition': String(input.partition),
      'dlq.source.offset': String(input.offset),
    },
  }
}

/**
 * @example
 * const codecs = await createIncidentCodecs(serde, defaultTopicNames)
 */
export async function createIncidentCodecs(
  serde: Serde,
  names: TopicNames,
): Promise<IncidentCodecs> {
  const sinkTopics = sinkTopicsOf(names)
  const encoders = await sinkEncoders(serde, names)
  const rawDecoder = serde.decoder<RawIncidentEvent>(loadSchema('incident-log-event').type)

  const deadLetter: DeadLetterEncoder = (input, reason, detail, step) =>
    deadLetterRecord(encoders.dead_letter, names.deadLetter, { input, reason, detail, step })

  const encodeSink: SinkEncoder = (sink, value, _timestamp, input) => {
    if (sink === 'dead_letter') {
      const element = value as DeadLetterElement<RawIncidentEvent>
      if (!input) throw new Error('a dead letter needs its source record')
      return deadLetter(input, element.reason, element.detail, element.step)
    }
    const encoder = encoders[sink as keyof typeof encoders]
    const topic = sinkTopics[sink]
    if (!encoder || !topic) throw new Error(`unknown sink '${sink}'`)
    return { topic, key: keyOf(sink, value as Keyed), value: encoder.encode(value) }
  }

  return {
    sinkTopics,
    sourceCodecs: {
      raw: {
        encode: () => {
          throw new Error('the topology never encodes raw events')
        },
        decodeBatch: (values) =>
          rawDecoder.decodeBatch(values) as Promise<Array<RawIncidentEvent | DecodeError>>,
      },
    },
    encodeSink,
    deadLetter,
  }
}
