/**
 * Window state in a compacted changelog topic. Each state change is a record keyed by its state
 * key (`stateRecordKey`), written in the same transaction as the outputs and offsets it goes
 * with; a deleted window is a tombstone, so compaction drops it. Restoring reads one partition
 * from the beginning to its end (read_committed) and replays the records in order.
 */
import { RdKafka, type LibrdKafkaError, type Message } from '@confluentinc/kafka-javascript'
import { rdkafkaConfig, type ConnectionOptions } from '../kafka/config.ts'
import type { OutputRecord } from '../kafka/eos-types.ts'
import { stateRecordKey, type StateRecord } from '../state.ts'

/** The changelog record of one state change, for the changelog partition `partition`. */
export function changelogRecord(topic: string, partition: number, record: StateRecord): OutputRecord {
  const deleted = record.kind === 'window' && record.value === null
  return { topic, partition, key: stateRecordKey(record), value: deleted ? null : Buffer.from(JSON.stringify(record)) }
}

/** Turns a changelog record back into a state record (a tombstone into a window deletion). */
export function fromChangelog(key: Buffer | null, value: Buffer | null): unknown {
  if (value !== null) return JSON.parse(value.toString('utf8'))
  const [kind, step, start, end, windowKey] = JSON.parse(key?.toString('utf8') ?? 'null') as unknown[]
  if (kind !== 'window') throw new Error(`changelog tombstone for a non-window key: ${key?.toString()}`)
  return { kind, step, start, end, key: windowKey, value: null }
}

/**
 * @example
 * const records = await readChangelogPartition(connection, 'incident-topology.changelog', 0)
 * executor.restore(records)
 */
export async function readChangelogPartition(
  connection: ConnectionOptions,
  topic: string,
  partition: number,
  timeoutMs = 120_000,
): Promise<unknown[]> {
  const consumer = new RdKafka.KafkaConsumer(
    {
      ...rdkafkaConfig(connection),
      'group.id': `${topic}-restore`,
      'enable.auto.commit': false,
      'isolation.level': 'read_committed',
      'enable.partition.eof': true,
      // At the end, an idle fetch returns at once, so the end is seen at once.
      'fetch.wait.max.ms': 20,
    },
    { 'auto.offset.reset': 'earliest' },
  )
  await new Promise<void>((resolve, reject) => consumer.connect({}, (error) => (error ? reject(error) : resolve())))
  // consume() otherwise waits 1 s for a full batch, even once the end was reached.
  consumer.setDefaultConsumeTimeout(20)
  const records: unknown[] = []
  try {
    consumer.assign([{ topic, partition, offset: 0 }])
    const deadline = Date.now() + timeoutMs
    let done = false
    consumer.on('partition.eof', (eof: { topic: string; partition: number }) => {
      if (eof.topic === topic && eof.partition === partition) done = true
    })
    while (!done) {
      if (Date.now() > deadline) throw new Error(`restoring ${topic}[${partition}] took over ${timeoutMs} ms`)
      const batch = await new Promise<Message[]>((resolve, reject) =>
        consumer.consume(5_000, (error: LibrdKafkaError | null, messages: Message[]) => (error ? reject(error) : resolve(messages))),
      )
      for (const m of batch) records.push(fromChangelog(m.key ? Buffer.from(m.key) : null, m.value ?? null))
    }
  } finally {
    await new Promise<void>((resolve) => consumer.disconnect(() => resolve()))
  }
  return records
}
