/**
 * Window state in a compacted changelog topic. Each state change is a record keyed by its state
 * key (`stateRecordKey`), written in the same transaction as the outputs and offsets it goes
 * with; a deleted window is a tombstone, so compaction drops it. Restoring reads one partition
 * from the beginning to its end (read_committed) and replays the records in order.
 */
import type { ConnectionOptions } from '../kafka/config.ts'
import { readTopic } from '../kafka/read-topic.ts'
import type { OutputRecord } from '../kafka/eos-types.ts'
import { StateError } from '../errors.ts'
import { stateRecordKey, type StateRecord } from '../state.ts'

/**
 * The largest state record: Kafka's default limits (the producer's message.max.bytes, the topic's
 * max.message.bytes) are about 1 MB, so a larger record would fail every transaction it is in.
 */
export const maxStateRecordBytes = 1_000_000

/**
 * The changelog record of one state change, for the changelog partition `partition`. A window
 * whose accumulator outgrew `maxStateRecordBytes` is an error that names the step and key, not
 * a transaction that aborts and retries for ever.
 */
export function changelogRecord(
  topic: string,
  partition: number,
  record: StateRecord,
): OutputRecord {
  const deleted = record.kind === 'window' && record.value === null
  const key = stateRecordKey(record)
  const value = deleted ? null : Buffer.from(JSON.stringify(record))
  if (value !== null && value.length > maxStateRecordBytes) {
    throw new StateError(
      `the state record ${key} is ${value.length} bytes, above the changelog's limit of ` +
        `${maxStateRecordBytes}: the combiner's accumulator must stay bounded ` +
        '(count distinct values with distinctAdd, keep samples to a fixed number)',
    )
  }
  return { topic, partition, key, value }
}

/** Turns a changelog record back into a state record (a tombstone into a window deletion). */
export function fromChangelog(key: Buffer | null, value: Buffer | null): unknown {
  if (value !== null) return JSON.parse(value.toString('utf8'))
  const [kind, step, start, end, windowKey] = JSON.parse(
    key?.toString('utf8') ?? 'null',
  ) as unknown[]
  if (kind !== 'window')
    throw new Error(`changelog tombstone for a non-window key: ${key?.toString()}`)
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
  const records = await readTopic(connection, topic, { partitions: [partition], timeoutMs })
  return records.map((r) => fromChangelog(r.key, r.value))
}
