/**
 * Integration-test input: a transactional producer that writes Avro records (Confluent wire
 * format, registered in the real registry) to the sink's source topics, committing or aborting.
 */
import { randomUUID } from 'node:crypto'
import type { KafkaJS } from '@confluentinc/kafka-javascript'
import avro from 'avsc'
import { createRegistryClient } from '../../avro/registry-client.ts'
import { createSerde, type Encoder } from '../../avro/serde.ts'
import { testSchemas, type TestSchema } from './test-tables.ts'
import { createKafka, type ConnectionOptions } from '../../kafka/config.ts'

export interface Sent {
  partition: number
  offset: number
  /** performance.now() when the transaction's commit returned. */
  committedAt: number
}

export interface TestProducer {
  /** Sends `records` to `topic` in one transaction; `partitionOf` picks each record's partition. */
  send(
    topic: string,
    schema: TestSchema,
    records: readonly object[],
    options?: { abort?: boolean; partitionOf?: (i: number) => number },
  ): Promise<Sent[]>
  close(): Promise<void>
}

/**
 * Creates `topics` with `partitions` partitions each (3 by default) and replication factor 1.
 *
 * @example
 * await createTopics(connection, [uniqueName('sink-it')], 2)
 */
export async function createTopics(
  connection: ConnectionOptions,
  topics: readonly string[],
  partitions = 3,
): Promise<void> {
  const admin = createKafka(connection).admin()
  await admin.connect()
  try {
    await admin.createTopics({
      topics: topics.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
    })
  } finally {
    await admin.disconnect()
  }
}

/**
 * Deletes `topics`, e.g. in an after-hook.
 *
 * @example
 * afterAll(() => deleteTopics(connection, [topic]))
 */
export async function deleteTopics(
  connection: ConnectionOptions,
  topics: readonly string[],
): Promise<void> {
  const admin = createKafka(connection).admin()
  await admin.connect()
  try {
    await admin.deleteTopics({ topics: [...topics] })
  } finally {
    await admin.disconnect()
  }
}

/**
 * @example
 * const producer = await createTestProducer(testConnection())
 * await producer.send(topic, 'event', records)
 * await producer.send(topic, 'event', poison, { abort: true })
 */
export async function createTestProducer(connection: ConnectionOptions): Promise<TestProducer> {
  const producer = createKafka(connection).producer({
    'transactional.id': `sink-it-${randomUUID()}`,
    'linger.ms': 2,
  })
  await producer.connect()
  const serde = createSerde({ registry: createRegistryClient({ url: connection.registryUrl }) })
  const encoders = new Map<string, Encoder<object>>()
  const encoderFor = async (topic: string, schema: TestSchema): Promise<Encoder<object>> => {
    let encoder = encoders.get(topic)
    if (!encoder)
      encoders.set(
        topic,
        (encoder = await serde.encoder<object>(
          `${topic}-value`,
          avro.Type.forSchema(testSchemas[schema] as unknown as avro.Schema),
        )),
      )
    return encoder
  }
  return {
    async send(topic, schema, records, options = {}) {
      const encoder = await encoderFor(topic, schema)
      const partitionOf = options.partitionOf ?? ((i: number) => i % 3)
      const transaction: KafkaJS.Transaction = await producer.transaction()
      try {
        const metadata = await transaction.send({
          topic,
          messages: records.map((r, i) => ({
            value: encoder.encode(r),
            partition: partitionOf(i),
          })),
        })
        if (options.abort) {
          await transaction.abort()
          return []
        }
        await transaction.commit()
        const committedAt = performance.now()
        return metadata.map((m) => ({
          partition: m.partition,
          offset: Number(m.offset ?? m.baseOffset ?? -1),
          committedAt,
        }))
      } catch (error) {
        await transaction.abort().catch(() => undefined)
        throw error
      }
    },
    close: () => producer.disconnect(),
  }
}
