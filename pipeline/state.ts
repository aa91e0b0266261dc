/**
 * The state of a running pipeline as JSON records, one per key: the watermark, the stream time of
 * each partition, and one record per (combine step, window, key) holding the accumulator and the
 * late-seen flag. The same records are a snapshot (`StateSnapshot`, no deletions) and a changelog
 * (`takeChanges()`, where `value: null` deletes a closed window's entry); `stateRecordKey` gives
 * the key under which a compacted changelog topic keeps the latest record.
 */
import { z } from 'zod'
import { StateError } from './errors.ts'

/** What a window record holds for one (window, key) of a combine step. */
export interface WindowValue {
  /** The accumulator, or null when the key only saw late input in this window. */
  readonly acc: unknown
  /** True once an input for this window and key went to the late output. */
  readonly sawLateInput: boolean
  /** True once the window fired an early pane for this key; absent when it did not. */
  readonly firedEarly?: true
}

/** The event-time watermark, epoch ms. */
export interface WatermarkRecord {
  readonly kind: 'watermark'
  readonly time: number
}
/** The stream time of one partition, epoch ms. */
export interface StreamTimeRecord {
  readonly kind: 'stream_time'
  /** Partition id, `<source>/<partition>` unless the runner chooses otherwise. */
  readonly partition: string
  readonly time: number
}
/** The entry of one combine step's window `[start, end)` (epoch ms) and key. */
export interface WindowRecord {
  readonly kind: 'window'
  readonly step: string
  readonly start: number
  readonly end: number
  readonly key: string
  /** null in a changelog: the window closed and its entry was deleted. */
  readonly value: WindowValue | null
}

/** One state record: a watermark, stream-time or window record. */
export type StateRecord = WatermarkRecord | StreamTimeRecord | WindowRecord

/** The whole state of a pipeline as records (no deletions), format version 1. */
export interface StateSnapshot {
  readonly version: 1
  readonly records: readonly StateRecord[]
}

const time = z.number().int()
const stateRecordSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('watermark'), time }),
  z.strictObject({ kind: z.literal('stream_time'), partition: z.string().min(1), time }),
  z.strictObject({
    kind: z.literal('window'),
    step: z.string().min(1),
    start: time,
    end: time,
    key: z.string(),
    value: z
      .strictObject({
        acc: z.unknown(),
        sawLateInput: z.boolean(),
        firedEarly: z.literal(true).optional(),
      })
      .nullable(),
  }),
])

/** Validates one record read from outside (a changelog topic, a file), or throws StateError. */
export function parseStateRecord(input: unknown): StateRecord {
  const parsed = stateRecordSchema.safeParse(input)
  if (!parsed.success) {
    throw new StateError(`invalid state record ${JSON.stringify(input)}: ${parsed.error.message}`)
  }
  return parsed.data as StateRecord
}

/**
 * The key a compacted changelog keeps the latest record under.
 *
 * @example
 * stateRecordKey({ kind: 'stream_time', partition: 'raw/0', time: 0 }) // '["stream_time","raw/0"]'
 */
export function stateRecordKey(record: StateRecord): string {
  switch (record.kind) {
    case 'watermark':
      return '["watermark"]'
    case 'stream_time':
      return JSON.stringify(['stream_time', record.partition])
    case 'window':
      return JSON.stringify(['window', record.step, record.start, record.end, record.key])
  }
}

/** The window records of a snapshot, optionally of one step only. */
export function windowRecords(snapshot: StateSnapshot, step?: string): WindowRecord[] {
  return snapshot.records.filter(
    (r): r is WindowRecord => r.kind === 'window' && (step === undefined || r.step === step),
  )
}
