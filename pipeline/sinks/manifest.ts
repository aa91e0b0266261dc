/**
 * The manifest of one table, `<table>/_manifest.json`: the only record of what is committed. It
 * lists the visible files (docs/data-layout.md) and, in the same atomic document, the next offset
 * to read per source topic-partition, so files and progress can never disagree. This module is
 * the pure model: parsing, and the transitions a flush, a compaction and a clean-up make. Every
 * transition returns a new manifest and leaves the old one untouched.
 */
import { z } from 'zod'
import { ManifestError } from './errors.ts'
import { parseDataPath } from './file-naming.ts'
import type { FileFormat } from './tables.ts'

/** File name of a table's manifest, in the table's directory. */
export const manifestFileName = '_manifest.json'

/** A file that compaction replaced, kept on disk until `delete_after`. */
export interface RetiredFile {
  /** Relative path of a file that compaction replaced; no longer listed. */
  readonly path: string
  /** Epoch ms after which the file may be deleted (readers holding the old list are done). */
  readonly delete_after: number
}

/** The committed state of one table: its visible files and the next offsets to read. */
export interface Manifest {
  readonly version: 1
  readonly table: string
  /** Epoch ms of the latest commit; never moves back. */
  readonly updated_at: number
  /** Relative paths of the visible data files, per format. */
  readonly files: { readonly parquet: readonly string[]; readonly csv: readonly string[] }
  /** Incremented by every commit. */
  readonly sequence: number
  /** topic → partition → next offset to read (last written offset + 1). */
  readonly sources: Readonly<Record<string, Readonly<Record<string, number>>>>
  /** Largest partition time (epoch ms) among the committed rows, null before the first row. */
  readonly max_event_time: number | null
  /** Replaced files waiting to be deleted. */
  readonly retired: readonly RetiredFile[]
}

const offset = z.number().int().nonnegative()
const manifestSchema = z.strictObject({
  version: z.literal(1),
  table: z.string(),
  updated_at: z.number(),
  files: z.strictObject({ parquet: z.array(z.string()), csv: z.array(z.string()) }),
  sequence: z.number().int().nonnegative(),
  sources: z.record(z.string(), z.record(z.string().regex(/^\d+$/), offset)),
  max_event_time: z.number().nullable(),
  retired: z.array(z.strictObject({ path: z.string(), delete_after: z.number() })),
})

/** The manifest of a table nothing was committed to yet. */
export const emptyManifest = (table: string): Manifest => ({
  version: 1,
  table,
  updated_at: 0,
  files: { parquet: [], csv: [] },
  sequence: 0,
  sources: {},
  max_event_time: null,
  retired: [],
})

/**
 * Validates a parsed `_manifest.json`. Every path must be one the sink writes, inside the table.
 *
 * @example
 * const manifest = parseManifest(JSON.parse(text), 'incidents')
 */
export function parseManifest(raw: unknown, table: string): Manifest {
  const parsed = manifestSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new ManifestError(
      'MANIFEST_INVALID',
      `invalid manifest of ${table}: ${issue?.path.join('.')} ${issue?.message}`,
    )
  }
  const manifest = parsed.data
  if (manifest.table !== table) {
    throw new ManifestError(
      'MANIFEST_INVALID',
      `manifest of ${table} names table ${JSON.stringify(manifest.table)}`,
    )
  }
  for (const format of ['parquet', 'csv'] as const) {
    for (const path of manifest.files[format]) {
      if (parseDataPath(path)?.format !== format) {
        throw new ManifestError(
          'MANIFEST_INVALID',
          `manifest of ${table} lists an unexpected ${format} path: ${JSON.stringify(path)}`,
        )
      }
    }
  }
  for (const { path } of manifest.retired) {
    if (!parseDataPath(path)) {
      throw new ManifestError(
        'MANIFEST_INVALID',
        `manifest of ${table} retires an unexpected path: ${JSON.stringify(path)}`,
      )
    }
  }
  return manifest
}

/** Every listed path, whatever its format. */
export const listedPaths = (m: Manifest): Set<string> =>
  new Set([...m.files.parquet, ...m.files.csv])

/** Next offset per partition of `topic`. */
export function sourceOffsets(m: Manifest, topic: string): Map<number, number> {
  return new Map(Object.entries(m.sources[topic] ?? {}).map(([p, o]) => [Number(p), o]))
}

function splitByFormat(paths: readonly string[]): Record<FileFormat, string[]> {
  const out: Record<FileFormat, string[]> = { parquet: [], csv: [] }
  for (const path of paths) {
    const parsed = parseDataPath(path)
    if (!parsed)
      throw new ManifestError('MANIFEST_COMMIT', `not a data file path: ${JSON.stringify(path)}`)
    out[parsed.format].push(path)
  }
  return out
}

function addFiles(m: Manifest, paths: readonly string[]): Manifest['files'] {
  const listed = listedPaths(m)
  const conflict = paths.find((p) => listed.has(p))
  if (conflict)
    throw new ManifestError(
      'MANIFEST_COMMIT',
      `${conflict} is already listed in the manifest of ${m.table}`,
    )
  const added = splitByFormat(paths)
  return { parquet: [...m.files.parquet, ...added.parquet], csv: [...m.files.csv, ...added.csv] }
}

export interface FlushCommit {
  /** New files, relative paths. */
  readonly added: readonly string[]
  readonly topic: string
  /** partition → next offset after this flush. */
  readonly offsets: ReadonlyMap<number, number>
  readonly maxEventTime: number | null
  readonly now: number
}

/** The manifest after a flush: new files listed, offsets moved forward in the same step. */
export function withFlush(m: Manifest, commit: FlushCommit): Manifest {
  const previous = m.sources[commit.topic] ?? {}
  const next: Record<string, number> = { ...previous }
  for (const [partition, offset] of commit.offsets) {
    const before = previous[String(partition)]
    if (before !== undefined && offset < before) {
      throw new ManifestError(
        'MANIFEST_COMMIT',
        `offset of ${commit.topic}/${partition} would move back: ${before} → ${offset}`,
      )
    }
    next[String(partition)] = offset
  }
  const maxes = [m.max_event_time, commit.maxEventTime].filter((t): t is number => t !== null)
  return {
    ...m,
    updated_at: Math.max(commit.now, m.updated_at),
    sequence: m.sequence + 1,
    files: addFiles(m, commit.added),
    sources: { ...m.sources, [commit.topic]: next },
    max_event_time: maxes.length > 0 ? Math.max(...maxes) : null,
  }
}

export interface CompactionCommit {
  readonly replaced: readonly string[]
  readonly added: readonly string[]
  readonly now: number
  /** When the replaced files may be deleted. */
  readonly deleteAfter: number
}

/** The manifest after a compaction: the merged files swapped for their inputs in one step. */
export function withCompaction(m: Manifest, commit: CompactionCommit): Manifest {
  const listed = listedPaths(m)
  const missing = commit.replaced.find((p) => !listed.has(p))
  if (missing)
    throw new ManifestError(
      'MANIFEST_COMMIT',
      `cannot replace ${missing}: not listed in the manifest of ${m.table}`,
    )
  const replaced = new Set(commit.replaced)
  const kept = {
    ...m,
    files: {
      parquet: m.files.parquet.filter((p) => !replaced.has(p)),
      csv: m.files.csv.filter((p) => !replaced.has(p)),
    },
  }
  return {
    ...m,
    updated_at: Math.max(commit.now, m.updated_at),
    sequence: m.sequence + 1,
    files: addFiles(kept, commit.added),
    retired: [
      ...m.retired,
      ...commit.replaced.map((path) => ({ path, delete_after: commit.deleteAfter })),
    ],
  }
}

/** Retired files whose delay has passed. */
export const dueRetired = (m: Manifest, now: number): string[] =>
  m.retired.filter((r) => r.delete_after <= now).map((r) => r.path)

/** The manifest without the given retired entries (their files are deleted). */
export function withoutRetired(m: Manifest, deleted: readonly string[]): Manifest {
  const gone = new Set(deleted)
  return { ...m, retired: m.retired.filter((r) => !gone.has(r.path)) }
}
