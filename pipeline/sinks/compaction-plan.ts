/**
 * Pure compaction planning. An open hour keeps getting small files, one per flush and source
 * partition, so its files are merged in tiers: once `fanout` files of one level exist they become
 * one file of the next level, which keeps an hour's file count logarithmic while writing each row
 * only a few times. A closed hour (the table's largest event time is past the hour's end plus the
 * grace, and nothing was written to it for `quietMs`) is merged into a single file per format.
 * Late data for a closed hour just adds small files, which the next closed-hour pass merges.
 */
import {
  compactedFileStem,
  dataPath,
  hourDirStart,
  hourMs,
  parseDataPath,
  stemLevel,
  type DataPath,
} from './file-naming.ts'
import type { Manifest } from './manifest.ts'
import { fileFormats, type FileFormat } from './tables.ts'

export interface CompactionPolicy {
  /** Files of one level that make an open hour merge them into the next level. */
  fanout: number
  /** How far past an hour's end the largest event time must be before the hour counts as closed. */
  graceMs: number
  /** How long an hour must go without a write before it counts as closed. */
  quietMs: number
}

export interface CompactionContext {
  now: number
  maxEventTime: number | null
  /** When the sink last wrote a file into the hour (or when it started, for older hours). */
  lastWriteAt(hourDir: string): number
}

export interface CompactionPlan {
  hourDir: string
  format: FileFormat
  /** Relative paths of the files to merge, in manifest order. */
  inputs: string[]
  output: string
  closed: boolean
}

const MAX_LEVEL = 9

function planOne(
  hourDir: string,
  format: FileFormat,
  files: DataPath[],
  closed: boolean,
  fanout: number,
): CompactionPlan | undefined {
  const levels = files.map((f) => stemLevel(f.stem))
  let chosen: DataPath[] = []
  let level = 0
  if (closed && files.length > 1) {
    chosen = files
    level = Math.min(MAX_LEVEL, Math.max(...levels) + 1)
  } else {
    for (let l = 0; l < MAX_LEVEL && chosen.length === 0; l += 1) {
      const atLevel = files.filter((_, i) => levels[i] === l)
      if (atLevel.length >= fanout) {
        chosen = atLevel
        level = l + 1
      }
    }
  }
  if (chosen.length === 0) return undefined
  const stem = compactedFileStem(
    level,
    chosen.map((f) => f.stem),
  )
  return {
    hourDir,
    format,
    inputs: chosen.map(dataPath),
    output: dataPath({ hourDir, stem, format }),
    closed,
  }
}

/**
 * The merges due now, grouped so that all plans of one hour are adjacent, oldest hour first.
 *
 * @example
 * planCompactions(manifest.files, { now, maxEventTime, lastWriteAt: () => 0 }, { fanout: 16, graceMs: 600_000, quietMs: 60_000 })
 */
export function planCompactions(
  files: Manifest['files'],
  ctx: CompactionContext,
  policy: CompactionPolicy,
): CompactionPlan[] {
  const byHour = new Map<string, Record<FileFormat, DataPath[]>>()
  for (const format of fileFormats) {
    for (const path of files[format]) {
      const parsed = parseDataPath(path)
      if (!parsed) continue
      let entry = byHour.get(parsed.hourDir)
      if (!entry) byHour.set(parsed.hourDir, (entry = { parquet: [], csv: [] }))
      entry[format].push(parsed)
    }
  }
  const plans: CompactionPlan[] = []
  for (const hourDir of [...byHour.keys()].sort()) {
    const start = hourDirStart(hourDir) ?? 0
    const closed =
      ctx.maxEventTime !== null &&
      ctx.maxEventTime >= start + hourMs + policy.graceMs &&
      ctx.now - ctx.lastWriteAt(hourDir) >= policy.quietMs
    for (const format of fileFormats) {
      const plan = planOne(
        hourDir,
        format,
        byHour.get(hourDir)?.[format] ?? [],
        closed,
        policy.fanout,
      )
      if (plan) plans.push(plan)
    }
  }
  return plans
}
