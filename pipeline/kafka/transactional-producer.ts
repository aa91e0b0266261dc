/**
 * The exactly-once loop's producer, on librdkafka's own API. `produce()` only enqueues into
 * librdkafka: no promise and no delivery report per record, which is what caps the
 * KafkaJS-compatible `send()`. A record that cannot be delivered fails its transaction instead:
 * librdkafka's commit flushes every outstanding record first and returns an abortable error if
 * one failed, so the loop aborts and redoes the batch, as it does for any other error.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import {
  RdKafka,
  type KafkaJS,
  type LibrdKafkaError,
  type MessageHeader,
  type Producer,
  type ProducerGlobalConfig,
} from '@confluentinc/kafka-javascript'
import type { OutputRecord } from './eos-types.ts'
import type { Logger } from '../log.ts'

const QUEUE_FULL = -184

/** How long librdkafka may take to init, commit or abort a transaction. */
const TRANSACTION_TIMEOUT_MS = 30_000

/** The next offset to commit for one consumed partition. */
export interface ConsumedOffset {
  readonly topic: string
  readonly partition: number
  readonly offset: number
}

export interface TransactionalProducer {
  begin(): Promise<void>
  /**
   * Enqueues records into the open transaction, in order. Returns undefined when they all fit in
   * librdkafka's queue, and otherwise a promise that resolves once the rest are enqueued.
   */
  produce(records: readonly OutputRecord[]): Promise<void> | undefined
  /** Adds the consumer group's offsets to the transaction (KIP-447: fenced by its generation). */
  sendOffsets(offsets: readonly ConsumedOffset[], consumer: KafkaJS.Consumer): Promise<void>
  /** Flushes every enqueued record and commits; fails if any record failed. */
  commit(): Promise<void>
  abort(): Promise<void>
  disconnect(): Promise<void>
}

/** What the KafkaJS-compatible consumer exposes of its librdkafka consumer. */
interface WrappedConsumer {
  _getInternalClient(): RdKafka.KafkaConsumer
}

/**
 * @example
 * const producer = await connectTransactionalProducer({ 'bootstrap.servers': '127.0.0.1:9092', 'transactional.id': 'copy-0' }, log)
 * await producer.begin()
 * await producer.produce([{ topic: 'out', value: Buffer.from('v') }])
 * await producer.sendOffsets([{ topic: 'in', partition: 0, offset: 11 }], consumer)
 * await producer.commit()
 */
export async function connectTransactionalProducer(
  config: ProducerGlobalConfig,
  log: Logger,
): Promise<TransactionalProducer> {
  const raw = new RdKafka.Producer({ ...config, dr_cb: false })
  raw.on('event.error', (error: LibrdKafkaError) =>
    log.warn({ err: error }, `kafka producer: ${error.message}`),
  )
  await new Promise<void>((resolve, reject) => {
    raw.once('ready', () => resolve())
    raw.connect({}, (error) => (error ? reject(error) : undefined))
  })
  raw.setPollInBackground(true)
  await call((done) => raw.initTransactions(TRANSACTION_TIMEOUT_MS, done)).catch(
    async (error: unknown) => {
      await disconnect(raw).catch(() => undefined)
      throw error
    },
  )

  const enqueue = (records: readonly OutputRecord[], from: number): number => {
    for (let i = from; i < records.length; i++) {
      const r = records[i] as OutputRecord
      try {
        raw.produce(
          r.topic,
          r.partition ?? null,
          r.value,
          r.key ?? undefined,
          undefined,
          undefined,
          toHeaders(r.headers),
        )
      } catch (error) {
        if ((error as LibrdKafkaError).code === QUEUE_FULL) return i
        throw error
      }
    }
    return records.length
  }
  // An abort ends the epoch: records of the aborted transaction still waiting for room are dropped.
  let epoch = 0
  // The queue drains as librdkafka's threads send; wait for room, then go on in order.
  const enqueueAll = async (records: readonly OutputRecord[], from: number): Promise<void> => {
    const mine = epoch
    for (let next = from; next < records.length; next = enqueue(records, next)) {
      await sleep(2)
      if (epoch !== mine) throw new Error('the transaction was aborted')
    }
  }
  // Records waiting for room; later records wait behind them, so each partition keeps its order.
  let waiting: Promise<void> | undefined
  const track = (pending: Promise<void>): Promise<void> => {
    waiting = pending
    const settled = (): void => {
      if (waiting === pending) waiting = undefined
    }
    pending.then(settled, settled)
    return pending
  }

  return {
    begin: () => call((done) => raw.beginTransaction(done)),
    produce(records) {
      if (waiting !== undefined) return track(waiting.then(() => enqueueAll(records, 0)))
      const stopped = enqueue(records, 0)
      return stopped === records.length ? undefined : track(enqueueAll(records, stopped))
    },
    sendOffsets: (offsets, consumer) =>
      call((done) =>
        raw.sendOffsetsToTransaction(
          offsets.map(({ topic, partition, offset }) => ({ topic, partition, offset })),
          (consumer as unknown as WrappedConsumer)._getInternalClient(),
          TRANSACTION_TIMEOUT_MS,
          done,
        ),
      ),
    commit: () => call((done) => raw.commitTransaction(TRANSACTION_TIMEOUT_MS, done)),
    abort() {
      epoch++
      waiting = undefined
      return call((done) => raw.abortTransaction(TRANSACTION_TIMEOUT_MS, done))
    },
    disconnect: () => disconnect(raw),
  }
}

function toHeaders(headers: OutputRecord['headers']): MessageHeader[] | undefined {
  if (headers === undefined) return undefined
  return Object.entries(headers).map(([key, value]) => ({ [key]: value }))
}

function call(start: (done: (error: LibrdKafkaError | null | undefined) => void) => void) {
  return new Promise<void>((resolve, reject) =>
    start((error) => (error ? reject(error) : resolve())),
  )
}

function disconnect(raw: Producer): Promise<void> {
  return new Promise<void>((resolve, reject) =>
    raw.disconnect((error) => (error ? reject(error) : resolve())),
  )
}
