/**
 * A promise-light producer on librdkafka's own API. The KafkaJS-compatible `send()` builds a
 * promise per message, which caps a Node process at a few tens of thousands of records per
 * second; `produce()` here only enqueues into librdkafka, and delivery is counted from delivery
 * reports. Backpressure: when librdkafka's queue is full, `produce` waits for it to drain.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import {
  RdKafka,
  type LibrdKafkaError,
  type Producer,
  type ProducerGlobalConfig,
} from '@confluentinc/kafka-javascript'
import type { Logger } from '../log.ts'

const QUEUE_FULL = -184

/** Record counts since connecting; delivered and failed come from delivery reports. */
export interface FastProducerStats {
  enqueued: number
  delivered: number
  failed: number
  /** Message of the last failed delivery. */
  lastError: string | undefined
}

/** A producer on librdkafka's own API, built by `connectFastProducer`. */
export interface FastProducer {
  /** The underlying librdkafka producer. */
  readonly raw: Producer
  /** Enqueues a record; false when librdkafka's queue is full (call `drain()`, then retry). */
  tryProduce(
    topic: string,
    key: Buffer | string | null,
    value: Buffer | null,
    partition?: number,
    headers?: Record<string, string | Buffer>[],
  ): boolean
  /** Enqueues a record, waiting for room in the queue. */
  produce(
    topic: string,
    key: Buffer | string | null,
    value: Buffer | null,
    partition?: number,
    headers?: Record<string, string | Buffer>[],
  ): Promise<void>
  /** Waits a little for the queue to drain. */
  drain(): Promise<void>
  /** Waits until every enqueued record is delivered or failed, up to `timeoutMs` (30 000). */
  flush(timeoutMs?: number): Promise<void>
  /** Flushes (ignoring a flush error), then disconnects. */
  disconnect(): Promise<void>
  stats(): FastProducerStats
}

/**
 * @example
 * const producer = await connectFastProducer({ 'bootstrap.servers': '127.0.0.1:9092', 'enable.idempotence': true })
 * await producer.produce('incidents', 'key', Buffer.from('value'))
 * await producer.flush()
 */
export async function connectFastProducer(
  config: ProducerGlobalConfig,
  log?: Logger,
): Promise<FastProducer> {
  const raw = new RdKafka.Producer({ ...config, dr_cb: true })
  raw.on('event.error', (error: LibrdKafkaError) =>
    log?.warn({ err: error }, `kafka producer: ${error.message}`),
  )
  const stats: FastProducerStats = { enqueued: 0, delivered: 0, failed: 0, lastError: undefined }
  raw.on('delivery-report', (error: LibrdKafkaError | null) => {
    if (error) {
      stats.failed++
      stats.lastError = error.message
    } else stats.delivered++
  })
  await new Promise<void>((resolve, reject) => {
    raw.once('ready', () => resolve())
    raw.connect({}, (error) => (error ? reject(error) : undefined))
  })
  raw.setPollInterval(20)

  const flush = async (timeoutMs = 30_000): Promise<void> => {
    await new Promise<void>((resolve, reject) =>
      raw.flush(timeoutMs, (error) => (error ? reject(error) : resolve())),
    )
    // Delivery reports reach JavaScript on the next polls after librdkafka has them.
    const deadline = Date.now() + timeoutMs
    while (stats.delivered + stats.failed < stats.enqueued && Date.now() < deadline) {
      raw.poll()
      await sleep(5)
    }
  }
  const drain = async (): Promise<void> => {
    raw.poll()
    await sleep(2)
  }
  const tryProduce: FastProducer['tryProduce'] = (topic, key, value, partition, headers) => {
    try {
      raw.produce(topic, partition ?? null, value, key ?? undefined, Date.now(), undefined, headers)
      stats.enqueued++
      return true
    } catch (error) {
      if ((error as LibrdKafkaError).code === QUEUE_FULL) return false
      throw error
    }
  }

  return {
    raw,
    tryProduce,
    async produce(topic, key, value, partition, headers) {
      while (!tryProduce(topic, key, value, partition, headers)) await drain()
    },
    drain,
    flush,
    async disconnect() {
      await flush().catch(() => undefined)
      await new Promise<void>((resolve) => raw.disconnect(() => resolve()))
    },
    stats: () => ({ ...stats }),
  }
}
