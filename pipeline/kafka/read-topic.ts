/**
 * Reads what a topic holds, from given offsets to its end, with isolation read_committed: what a
 * downstream consumer would see of the committed transactions. The Kafka runner's test driver
 * reads sinks, the changelog and the shuffle tail with it. It assigns partitions directly (no
 * group, no commits) and stops at each partition's end as of the read.
 */
import { randomUUID } from 'node:crypto'
import { RdKafka, type LibrdKafkaError, type Message } from '@confluentinc/kafka-javascript'
import { rdkafkaConfig, type ConnectionOptions } from './config.ts'

/** One record as `readTopic` returns it. */
export interface TopicRecord {
  readonly partition: number
  readonly offset: number
  readonly key: Buffer | null
  readonly value: Buffer | null
  /** Kafka record timestamp, epoch ms. */
  readonly timestamp: number
  readonly headers: Readonly<Record<string, Buffer>>
}

/** Options of `readTopic`. */
export interface ReadTopicOptions {
  /** The partitions to read: a topic's partition count (all of them), or a list. */
  readonly partitions: number | readonly number[]
  /** First offset to read per partition; 0 where not given. */
  readonly from?: Readonly<Record<number, number>>
  /** Fails when reading to the end takes longer than this, ms; 30 000 by default. */
  readonly timeoutMs?: number
}

/** Defaults of `ReadTopicOptions`. */
export const defaultReadTopicOptions = { timeoutMs: 30_000 } satisfies Partial<ReadTopicOptions>

/**
 * The committed records of some partitions, in offset order per partition, one partition after
 * another.
 *
 * @example
 * const records = await readTopic(connection, 'counts', { partitions: 1 })
 * records.map((r) => JSON.parse(String(r.value)))
 */
export async function readTopic(
  connection: ConnectionOptions,
  topic: string,
  options: ReadTopicOptions,
): Promise<TopicRecord[]> {
  const { partitions, from = {}, timeoutMs } = { ...defaultReadTopicOptions, ...options }
  const consumer = new RdKafka.KafkaConsumer(
    {
      ...rdkafkaConfig(connection),
      'group.id': `read-topic-${randomUUID()}`,
      'enable.auto.commit': false,
      'isolation.level': 'read_committed',
      'enable.partition.eof': true,
      // An idle fetch at the end returns quickly, so the end is seen quickly.
      'fetch.wait.max.ms': 20,
    },
    { 'auto.offset.reset': 'earliest' },
  )
  const list =
    typeof partitions === 'number' ? Array.from({ length: partitions }, (_, p) => p) : partitions
  const pending = new Set(list)
  consumer.on('partition.eof', (eof: { topic: string; partition: number }) => {
    if (eof.topic === topic) pending.delete(eof.partition)
  })
  await new Promise<void>((resolve, reject) =>
    consumer.connect({}, (error) => (error ? reject(error) : resolve())),
  )
  // consume() waits this long for records even after every partition's end was seen.
  consumer.setDefaultConsumeTimeout(20)
  const byPartition = new Map<number, TopicRecord[]>(list.map((p) => [p, []]))
  try {
    consumer.assign(
      [...pending].map((partition) => ({ topic, partition, offset: from[partition] ?? 0 })),
    )
    const deadline = Date.now() + timeoutMs
    while (pending.size > 0) {
      if (Date.now() > deadline) {
        throw new Error(`reading ${topic} took over ${timeoutMs} ms (partitions ${[...pending]})`)
      }
      const batch = await new Promise<Message[]>((resolve, reject) =>
        consumer.consume(1_000, (error: LibrdKafkaError | null, messages: Message[]) =>
          error ? reject(error) : resolve(messages),
        ),
      )
      for (const m of batch) byPartition.get(m.partition)?.push(toRecord(m))
    }
  } finally {
    await new Promise<void>((resolve) => consumer.disconnect(() => resolve()))
  }
  return [...byPartition.values()].flat()
}

function toRecord(m: Message): TopicRecord {
  const headers: Record<string, Buffer> = {}
  for (const header of m.headers ?? []) {
    for (const [name, value] of Object.entries(header)) headers[name] = Buffer.from(value)
  }
  return {
    partition: m.partition,
    offset: m.offset,
    key: m.key === undefined || m.key === null ? null : Buffer.from(m.key),
    value: m.value ?? null,
    timestamp: m.timestamp ?? 0,
    headers,
  }
}
