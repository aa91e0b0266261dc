/**
 * Records of the shuffle (repartition) topic. An element is routed to the partition that owns
 * its (step, key); a stream-time marker from every upstream partition goes to every shuffle
 * partition at each commit (and an idle marker when the upstream's reader heard nothing from it
 * for the idle timeout), so each downstream executor tracks the same per-source-partition
 * stream times the in-memory runner does, and closes windows on the same watermark.
 */
import type { KV } from '../steps.ts'

export type ShuffleRecord =
  | {
      kind: 'element'
      step: string
      upstream: string
      element: KV<unknown>
      timestamp: number
      /** The upstream's stream time with this element observed; absent when not finite. */
      streamTime?: number
    }
  | { kind: 'stream_time'; upstream: string; time: number }
  /** The upstream's reader has heard nothing from it for the idle timeout. */
  | { kind: 'idle'; upstream: string }

/** FNV-1a over the step and the key: stable across processes and releases. */
export function shufflePartition(step: string, key: string, partitions: number): number {
  let hash = 0x811c9dc5
  const text = `${step}\u0000${key}`
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0) % partitions
}

const toTuple = (record: ShuffleRecord): unknown[] =>
  record.kind === 'element'
    ? [
        0,
        record.step,
        record.upstream,
        record.element.key,
        record.element.value,
        record.timestamp,
        record.streamTime,
      ]
    : record.kind === 'stream_time'
      ? [1, record.upstream, record.time]
      : [2, record.upstream]

function fromTuple(fields: unknown): ShuffleRecord {
  if (!Array.isArray(fields)) throw new Error('invalid shuffle record')
  if (fields[0] === 0) {
    const [, step, upstream, key, value, timestamp, streamTime] = fields as [
      0,
      string,
      string,
      string,
      unknown,
      number,
      unknown,
    ]
    const element = { kind: 'element', step, upstream, element: { key, value }, timestamp } as const
    // Records written before the stream time was carried have no seventh field.
    return typeof streamTime === 'number' ? { ...element, streamTime } : element
  }
  if (fields[0] === 1) {
    const [, upstream, time] = fields as [1, string, number]
    return { kind: 'stream_time', upstream, time }
  }
  if (fields[0] === 2) return { kind: 'idle', upstream: fields[1] as string }
  throw new Error(`invalid shuffle record kind: ${String(fields[0])}`)
}

/**
 * @example
 * decodeShuffleRecord(encodeShuffleRecord({ kind: 'stream_time', upstream: 'raw/0', time: 5 }))
 */
export function encodeShuffleRecord(record: ShuffleRecord): Buffer {
  return Buffer.from(JSON.stringify(toTuple(record)))
}

export function decodeShuffleRecord(bytes: Buffer): ShuffleRecord {
  return fromTuple(JSON.parse(bytes.toString('utf8')))
}

/**
 * Many records bound for one shuffle partition in one Kafka record, in order: one produce and
 * one consume per batch instead of per element.
 *
 * @example
 * decodeShuffleRecords(encodeShuffleRecords([a, b])) // [a, b]
 */
export function encodeShuffleRecords(records: readonly ShuffleRecord[]): Buffer {
  return Buffer.from(JSON.stringify([2, records.map(toTuple)]))
}

/** Decodes a batch, or a single record as a batch of one. */
export function decodeShuffleRecords(bytes: Buffer): ShuffleRecord[] {
  const fields: unknown = JSON.parse(bytes.toString('utf8'))
  if (Array.isArray(fields) && fields[0] === 2 && Array.isArray(fields[1]))
    return fields[1].map(fromTuple)
  return [fromTuple(fields)]
}
