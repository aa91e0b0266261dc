/**
 * Names of the sink's files, all derived from data, never from the clock, so a replay of the same
 * offset range names the same file. A flushed file is `p<partition>-<first>-<last>` (source
 * partition and its inclusive offset range, zero-padded to 20 digits so names sort by offset); a
 * compacted one is `c<level>-<hash of the names it replaces>`. Both live in the hive directory of
 * their UTC event hour: `date=YYYY-MM-DD/hour=HH/`.
 */
import { createHash } from 'node:crypto'
import type { FileFormat } from './tables.ts'

const HOUR_MS = 3_600_000
/** 9999-12-31T23:59:59.999Z: the last instant a four-digit-year directory name can hold. */
export const MAX_PARTITION_TIME = 253_402_300_799_999
const OFFSET_DIGITS = 20
const hourDirPattern = /^date=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})$/
const stemPattern = /^(?:p\d+-\d{20}-\d{20}|c([1-9])-[0-9a-f]{16})$/

/** Start of the UTC hour that contains `ms`. */
export const hourStart = (ms: number): number => Math.floor(ms / HOUR_MS) * HOUR_MS

/** Whether `ms` can name a partition directory (epoch 0 to year 9999). */
export const isPartitionTime = (ms: number): boolean =>
  Number.isSafeInteger(ms) && ms >= 0 && ms <= MAX_PARTITION_TIME

/**
 * The hive directory of the hour that contains `ms`.
 *
 * @example
 * hourDir(Date.UTC(2026, 10, 28, 3, 15)) // 'date=2026-11-28/hour=03'
 */
export function hourDir(ms: number): string {
  if (!isPartitionTime(ms)) throw new RangeError(`invalid partition time: ${ms}`)
  const iso = new Date(ms).toISOString()
  return `date=${iso.slice(0, 10)}/hour=${iso.slice(11, 13)}`
}

/** Epoch ms at which the hour of a directory name starts, or undefined for another name. */
export function hourDirStart(dir: string): number | undefined {
  const match = hourDirPattern.exec(dir)
  if (!match) return undefined
  const ms = Date.parse(`${match[1]}T${match[2]}:00:00.000Z`)
  return Number.isNaN(ms) || hourDir(ms) !== dir ? undefined : ms
}

/**
 * The stem of a flushed file: source partition and inclusive offset range.
 *
 * @example
 * dataFileStem(1, 100, 199) // 'p1-00000000000000000100-00000000000000000199'
 */
export function dataFileStem(partition: number, firstOffset: number, lastOffset: number): string {
  if (!Number.isSafeInteger(partition) || partition < 0)
    throw new RangeError(`invalid partition: ${partition}`)
  if (!Number.isSafeInteger(firstOffset) || firstOffset < 0 || lastOffset < firstOffset) {
    throw new RangeError(`invalid offset range: ${firstOffset}-${lastOffset}`)
  }
  const pad = (n: number): string => String(n).padStart(OFFSET_DIGITS, '0')
  return `p${partition}-${pad(firstOffset)}-${pad(lastOffset)}`
}

/**
 * The stem of a compacted file: its level and a hash of the stems it replaces, so compacting the
 * same inputs again (after a crash) rewrites the same name.
 *
 * @example
 * compactedFileStem(1, ['p0-…', 'p1-…']) // 'c1-3f2a…'
 */
export function compactedFileStem(level: number, inputStems: readonly string[]): string {
  if (!Number.isInteger(level) || level < 1 || level > 9)
    throw new RangeError(`invalid level: ${level}`)
  const hash = createHash('sha256')
    .update([...inputStems].sort().join('\n'))
    .digest('hex')
  return `c${level}-${hash.slice(0, 16)}`
}

/** Compaction level of a stem: 0 for a flushed file, n for `c<n>-…`. */
export function stemLevel(stem: string): number {
  return stem.startsWith('c') ? Number(stem.charAt(1)) : 0
}

/** The parts of a data file's relative path: `<hourDir>/<stem>.<format>`. */
export interface DataPath {
  /** Hive directory of the hour, `date=YYYY-MM-DD/hour=HH`. */
  hourDir: string
  /** `p<partition>-<first>-<last>` (flushed) or `c<level>-<hash>` (compacted). */
  stem: string
  format: FileFormat
}

/** Path of a data file relative to its table directory (always `/`-separated). */
export const dataPath = ({ hourDir: dir, stem, format }: DataPath): string =>
  `${dir}/${stem}.${format}`

/** Parses a relative path the sink itself would write, or returns undefined for any other name. */
export function parseDataPath(path: string): DataPath | undefined {
  const slash = path.lastIndexOf('/')
  const dir = path.slice(0, slash)
  const file = path.slice(slash + 1)
  const dot = file.lastIndexOf('.')
  const format = file.slice(dot + 1)
  const stem = file.slice(0, dot)
  if (slash < 0 || dot < 0 || (format !== 'parquet' && format !== 'csv')) return undefined
  if (!stemPattern.test(stem) || hourDirStart(dir) === undefined) return undefined
  return { hourDir: dir, stem, format }
}

export const hourMs = HOUR_MS
