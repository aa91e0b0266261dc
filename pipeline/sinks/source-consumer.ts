/**
 * The sink's Kafka input: one librdkafka consumer that reads the committed output topics with
 * isolation.level=read_committed (aborted transactions never reach it) and takes its partitions
 * by explicit `assign` at the offsets the manifests hold. It never joins a consumer group and
 * never commits offsets: librdkafka insists on a `group.id`, but without `subscribe` and commits
 * the id is never used. Progress lives only in the manifests.
 */
import { RdKafka } from '@confluentinc/kafka-javascript'
import { rdkafkaConfig, type ConnectionOptions } from '../kafka/config.ts'
import type { Logger } from '../log.ts'
import { SinkError } from './errors.ts'

/** librdkafka's logical offset for "the beginning of the partition". */
export const OFFSET_BEGINNING = -2

export interface SourceMessage {
  topic: string
  partition: number
  offset: number
  value: Buffer | null
}

export interface Assignment {
  topic: string
  partition: number
  /** Next offset to read, or OFFSET_BEGINNING. */
  offset: number
}

export interface SourceConsumerOptions {
  connection: ConnectionOptions
  log: Logger
  /** How long one poll waits for the first message. */
  pollTimeoutMs: number
  /** librdkafka properties that override the defaults below. */
  config: Record<string, string | number | boolean>
}

export interface SourceConsumer {
  connect(): Promise<void>
  /** Partition ids of `topic`, or undefined when it does not exist (yet). */
  partitionsOf(topic: string, timeoutMs?: number): Promise<number[] | undefined>
  watermarks(
    topic: string,
    partition: number,
    timeoutMs?: number,
  ): Promise<{ low: number; high: number }>
  /** Replaces the whole assignment. */
  assign(assignments: readonly Assignment[]): void
  /** Up to `max` messages; waits at most the poll timeout for the first one. */
  poll(max: number): Promise<SourceMessage[]>
  disconnect(): Promise<void>
}

const promised = <T>(run: (done: (err: unknown, value: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) =>
    run((err, value) =>
      err ? reject(err instanceof Error ? err : new Error(JSON.stringify(err))) : resolve(value),
    ),
  )

/**
 * @example
 * const consumer = createSourceConsumer({ connection, log, pollTimeoutMs: 50, config: {} })
 * await consumer.connect()
 * consumer.assign([{ topic: 'incidents.enriched', partition: 0, offset: 42 }])
 * const messages = await consumer.poll(1000)
 */
export function createSourceConsumer(options: SourceConsumerOptions): SourceConsumer {
  const { connection, log } = options
  const consumer = newKafkaConsumer(options)

  return {
    async connect() {
      try {
        await promised<unknown>((done) => consumer.connect({ timeout: 10_000 }, done))
      } catch (cause) {
        throw new SinkError(
          'SOURCE_FAILED',
          `cannot connect the sink's consumer to ${connection.brokers.join(',')}`,
          { cause, retriable: true },
        )
      }
    },
    async partitionsOf(topic, timeoutMs = 10_000) {
      const metadata = await promised<RdKafka.Metadata>((done) =>
        consumer.getMetadata({ topic, timeout: timeoutMs }, done),
      )
      const found = metadata.topics.find((t) => t.name === topic)
      if (!found || found.partitions.length === 0) return undefined
      return found.partitions.map((p) => p.id).sort((a, b) => a - b)
    },
    async watermarks(topic, partition, timeoutMs = 10_000) {
      const w = await promised<RdKafka.WatermarkOffsets>((done) =>
        consumer.queryWatermarkOffsets(topic, partition, timeoutMs, done),
      )
      return { low: w.lowOffset, high: w.highOffset }
    },
    assign(assignments) {
      consumer.assign(
        assignments.map((a) => ({ topic: a.topic, partition: a.partition, offset: a.offset })),
      )
    },
    poll: (max) => pollMessages(consumer, max, log),
    async disconnect() {
      if (!consumer.isConnected()) return
      await promised<unknown>((done) => consumer.disconnect(done))
    },
  }
}

/** The read_committed, never-committing consumer, configured for short polls of full batches. */
function newKafkaConsumer(options: SourceConsumerOptions): RdKafka.KafkaConsumer {
  const { connection, log } = options
  const consumer = new RdKafka.KafkaConsumer({
    ...rdkafkaConfig({ brokers: connection.brokers, clientId: `${connection.clientId}-file-sink` }),
    'group.id': `${connection.clientId}-file-sink-unused`,
    'isolation.level': 'read_committed',
    'enable.auto.commit': false,
    'enable.auto.offset.store': false,
    'auto.offset.reset': 'earliest',
    'enable.partition.eof': false,
    // A committed record should reach the sink well within its freshness budget.
    'fetch.wait.max.ms': 100,
    'queued.max.messages.kbytes': 16_384,
    ...options.config,
  })
  consumer.on('event.error', (err) => log.warn({ err }, 'kafka consumer error'))
  consumer.setDefaultConsumeTimeout(options.pollTimeoutMs)
  // Wait for the first message only, then take what is already fetched: short polls, full batches.
  ;(
    consumer as unknown as { setDefaultIsTimeoutOnlyForFirstMessage(v: boolean): void }
  ).setDefaultIsTimeoutOnlyForFirstMessage(true)
  return consumer
}

/** One poll: a fatal error rejects, a transient one is logged and yields an empty batch. */
function pollMessages(
  consumer: RdKafka.KafkaConsumer,
  max: number,
  log: Logger,
): Promise<SourceMessage[]> {
  return new Promise((resolve, reject) => {
    consumer.consume(max, (err, messages) => {
      if (!err) {
        resolve(
          messages.map((m) => ({
            topic: m.topic,
            partition: m.partition,
            offset: m.offset,
            value: m.value,
          })),
        )
      } else if (err.isFatal) {
        reject(
          new SinkError('SOURCE_FAILED', `fatal consumer error: ${err.message}`, {
            cause: err,
          }),
        )
      } else {
        // Transient (broker restart, timeout): librdkafka reconnects on its own.
        log.warn({ err }, 'consume failed; retrying')
        setTimeout(() => resolve([]), 200)
      }
    })
  })
}
