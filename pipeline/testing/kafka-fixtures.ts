/**
 * Helpers for integration tests against the real local broker and registry: unique topic and
 * group names, and a read_committed consumer that collects what a topic holds.
 */

import { randomUUID } from 'node:crypto'
import { connectionFromEnv, createKafka, type ConnectionOptions } from '../kafka/config.ts'
import { waitFor } from './wait-for.ts'

/**
 * The connection of integration tests: `connectionFromEnv()` with client id `it`.
 *
 * @example
 * const registry = createRegistryClient({ url: testConnection().registryUrl })
 */
export const testConnection = (): ConnectionOptions => ({ ...connectionFromEnv(), clientId: 'it' })

/**
 * `prefix` plus 8 random hex characters: a topic or group name no other test uses.
 *
 * @example
 * const topic = uniqueName('eos-in') // e.g. 'eos-in-3f9a2c1b'
 */
export const uniqueName = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`

/**
 * A connected transactional producer with a transactional id of its own.
 *
 * @example
 * const producer = await transactionalProducer(connection)
 * const tx = await producer.transaction()
 */
export async function transactionalProducer(connection: ConnectionOptions) {
  const producer = createKafka(connection).producer({ 'transactional.id': randomUUID() })
  await producer.connect()
  return producer
}

/** One record a `Collector` consumed; a null value is an empty buffer. */
export interface Collected {
  key: string | null
  value: Buffer
  partition: number
  /** The offset as KafkaJS gives it, a decimal string. */
  offset: string
  headers: Record<string, string>
}

/** A running consumer of one topic, built by `collectTopic`. */
export interface Collector {
  /** What has been consumed so far; grows as records arrive. */
  readonly records: Collected[]
  /** Resolves with `records` once it holds at least `count`; fails after `timeoutMs` (60 000). */
  waitForCount(count: number, timeoutMs?: number): Promise<Collected[]>
  /** Disconnects the consumer. */
  close(): Promise<void>
}

/**
 * Consumes `topic` from the beginning with isolation read_committed.
 *
 * @example
 * const collector = await collectTopic('incidents-1234')
 * const records = await collector.waitForCount(100)
 */
export async function collectTopic(
  topic: string,
  connection = testConnection(),
): Promise<Collector> {
  const consumer = createKafka(connection).consumer({
    kafkaJS: { groupId: uniqueName('collector'), fromBeginning: true, autoCommit: false },
    'isolation.level': 'read_committed',
  })
  const records: Collected[] = []
  await consumer.connect()
  await consumer.subscribe({ topics: [topic] })
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) {
        const headers: Record<string, string> = {}
        for (const [k, v] of Object.entries(m.headers ?? {})) headers[k] = String(v)
        records.push({
          key: m.key?.toString() ?? null,
          value: m.value ?? Buffer.alloc(0),
          partition: batch.partition,
          offset: m.offset,
          headers,
        })
      }
    },
  })
  return {
    records,
    waitForCount: (count, timeoutMs = 60_000) =>
      waitFor(() => records.length >= count && records, {
        timeoutMs,
        what: `${count} records on ${topic}`,
      }),
    close: () => consumer.disconnect(),
  }
}
