/**
 * Start-up recovery of a table directory: whatever the manifest does not list is an in-progress,
 * aborted or compacted-away leftover of an earlier run, and is deleted before the sink writes
 * again. Files compaction retired recently are kept until their delay has passed, because a
 * reader may still hold the previous list. The decision is a pure function; the walk and the
 * deletions are a thin layer over it.
 */
import { readdir, rm, rmdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '../log.ts'
import {
  dueRetired,
  listedPaths,
  manifestFileName,
  withoutRetired,
  type Manifest,
} from './manifest.ts'

export interface RecoveryPlan {
  /** Unlisted files to delete now. */
  readonly remove: readonly string[]
  /** Listed files that are not on disk: committed data that someone removed. */
  readonly missing: readonly string[]
}

/**
 * Decides what recovery deletes, from the relative paths of the files found under the table.
 *
 * @example
 * recoveryPlan(['date=…/hour=03/p0-…parquet', '_manifest.json.tmp'], manifest, Date.now())
 */
export function recoveryPlan(
  onDisk: readonly string[],
  manifest: Manifest,
  now: number,
): RecoveryPlan {
  const listed = listedPaths(manifest)
  const waiting = new Set(manifest.retired.filter((r) => r.delete_after > now).map((r) => r.path))
  const present = new Set(onDisk)
  return {
    remove: onDisk.filter((p) => p !== manifestFileName && !listed.has(p) && !waiting.has(p)),
    missing: [...listed].filter((p) => !present.has(p)),
  }
}

interface Walked {
  files: string[]
  dirs: string[]
}

async function walk(
  root: string,
  rel = '',
  out: Walked = { files: [], dirs: [] },
): Promise<Walked> {
  let entries
  try {
    entries = await readdir(join(root, rel), { withFileTypes: true })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return out
    throw error
  }
  for (const entry of entries) {
    const path = rel === '' ? entry.name : `${rel}/${entry.name}`
    if (entry.isDirectory()) {
      await walk(root, path, out)
      out.dirs.push(path)
    } else {
      out.files.push(path)
    }
  }
  return out
}

/**
 * Deletes the unlisted leftovers under `tableDir` and the retired files whose delay has passed,
 * then empty partition directories. Returns the manifest without the retired entries it deleted
 * (the caller's next commit persists that).
 */
export async function recoverTableDir(
  tableDir: string,
  manifest: Manifest,
  now: number,
  log: Logger,
): Promise<Manifest> {
  const { files, dirs } = await walk(tableDir)
  const plan = recoveryPlan(files, manifest, now)
  for (const path of plan.remove) await rm(join(tableDir, ...path.split('/')), { force: true })
  if (plan.remove.length > 0)
    log.info(
      { table: manifest.table, removed: plan.remove.length, sample: plan.remove.slice(0, 5) },
      'removed uncommitted files',
    )
  if (plan.missing.length > 0) {
    log.error(
      { table: manifest.table, missing: plan.missing.length, sample: plan.missing.slice(0, 5) },
      'committed files are missing from disk',
    )
  }
  // dirs is in post-order (children first), so emptied parents go after their children.
  for (const dir of dirs) {
    await rmdir(join(tableDir, ...dir.split('/'))).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST' && error.code !== 'ENOENT')
        throw error
    })
  }
  // Due retired files were unlisted and not waiting, so the plan removed them (or they were gone).
  return withoutRetired(manifest, dueRetired(manifest, now))
}
