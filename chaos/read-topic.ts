/**
 * Reads every committed record of a topic, all partitions, from the beginning to the end
 * (read_committed), for verification after a run.
 */
import { RdKafka, type LibrdKafkaError, type Message } from '@confluentinc/kafka-javascript'
import { rdkafkaConfig, type ConnectionOptions } from '../pipeline/kafka/config.ts'

export interface TopicRecord {
  partition: number
  offset: number
  key: Buffer | null
  value: Buffer | null
  headers: Record<string, string>
}

export async function readTopic(
  connection: ConnectionOptions,
  topic: string,
  partitions: number,
  timeoutMs = 300_000,
): Promise<TopicRecord[]> {
  const consumer = new RdKafka.KafkaConsumer(
    {
      ...rdkafkaConfig(connection),
      'group.id': `${topic}-verify`,
      'enable.auto.commit': false,
      'isolation.level': 'read_committed',
      'enable.partition.eof': true,
    },
    { 'auto.offset.reset': 'earliest' },
  )
  await new Promise<void>((resolve, reject) =>
    consumer.connect({}, (error) => (error ? reject(error) : resolve())),
  )
  const records: TopicRecord[] = []
  const pending = new Set(Array.from({ length: partitions }, (_, p) => p))
  consumer.on('partition.eof', (eof: { partition: number }) => pending.delete(eof.partition))
  try {
    consumer.assign([...pending].map((partition) => ({ topic, partition, offset: 0 })))
    const deadline = Date.now() + timeoutMs
    while (pending.size > 0) {
      if (Date.now() > deadline) throw new Error(`reading ${topic} took over ${timeoutMs} ms`)
      const batch = await new Promise<Message[]>((resolve, reject) =>
        consumer.consume(10_000, (error: LibrdKafkaError | null, messages: Message[]) =>
          error ? reject(error) : resolve(messages),
        ),
      )
      for (const m of batch) {
        const headers: Record<string, string> = {}
        for (const h of m.headers ?? [])
          for (const [k, v] of Object.entries(h)) headers[k] = v.toString()
        records.push({
          partition: m.partition,
          offset: m.offset,
          key: m.key ? Buffer.from(m.key) : null,
          value: m.value ?? null,
          headers,
        })
      }
    }
  } finally {
    await new Promise<void>((resolve) => consumer.disconnect(() => resolve()))
  }
  return records
}
