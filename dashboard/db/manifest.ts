/**
 * Reads a table's `_manifest.json`, the list of committed files (docs/data-layout.md). Only the
 * files it lists are visible; every listed path must be a relative Parquet path that stays
 * inside the table directory, so a bad manifest cannot point a view at arbitrary files.
 */
import { readFile, stat } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { z } from 'zod'
import { manifestFileName as manifestFile } from '@incident-pipeline/dataflow/sinks'
import { DataError } from '../errors.ts'
import type { TableName } from '../../topology/tables.ts'

// A tolerant reader: the writer may add keys in later versions, so unknown keys are ignored.
const manifestSchema = z.object({
  version: z.literal(1),
  table: z.string(),
  updated_at: z.number(),
  files: z.object({ parquet: z.array(z.string()), csv: z.array(z.string()).optional() }),
})

export type Manifest = z.infer<typeof manifestSchema>

export type ManifestState =
  | { state: 'missing'; signature: string }
  | { state: 'ok'; signature: string; updatedAt: number; files: string[] }

/** Cheap change detector: stat only, no read. `missing` when there is no manifest. */
export async function manifestSignature(tableDir: string): Promise<string> {
  try {
    const s = await stat(join(tableDir, manifestFile), { bigint: true })
    return `${s.ino}:${s.size}:${s.mtimeNs}`
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return 'missing'
    throw new DataError(`cannot stat the manifest in ${tableDir}`, { cause })
  }
}

/** Absolute paths of the committed Parquet files, validated against the table directory. */
export function committedParquetFiles(tableDir: string, manifest: Manifest): string[] {
  const root = resolve(tableDir)
  return manifest.files.parquet.map((file) => {
    const full = resolve(root, file)
    const rel = relative(root, full)
    if (
      isAbsolute(file) ||
      rel === '..' ||
      rel.startsWith(`..${sep}`) ||
      rel === '' ||
      !file.endsWith('.parquet')
    ) {
      throw new DataError(
        `manifest of ${root} lists a path outside the table: ${JSON.stringify(file)}`,
      )
    }
    return root + sep + rel
  })
}

/**
 * Reads and validates the manifest of `table` under `dataDir`.
 *
 * @example
 * const m = await readManifest('/data', 'incidents')
 * if (m.state === 'ok') console.log(m.files.length)
 */
export async function readManifest(dataDir: string, table: TableName): Promise<ManifestState> {
  const tableDir = join(dataDir, table)
  const signature = await manifestSignature(tableDir)
  if (signature === 'missing') return { state: 'missing', signature }
  let raw: unknown
  try {
    raw = JSON.parse(await readFile(join(tableDir, manifestFile), 'utf8'))
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT')
      return { state: 'missing', signature: 'missing' }
    throw new DataError(`cannot read the manifest of ${table}`, { cause })
  }
  const parsed = manifestSchema.safeParse(raw)
  if (!parsed.success) {
    throw new DataError(`invalid manifest of ${table}: ${parsed.error.issues[0]?.message ?? ''}`)
  }
  if (parsed.data.table !== table) {
    throw new DataError(`manifest of ${table} names table ${JSON.stringify(parsed.data.table)}`)
  }
  const files = committedParquetFiles(tableDir, parsed.data)
  return { state: 'ok', signature, updatedAt: parsed.data.updated_at, files }
}
