/**
 * Runs one compaction step for a table: plans the due merges, executes those of the oldest hour
 * (Parquet through DuckDB, CSV by concatenation), fsyncs the outputs, re-checks the lock and
 * commits the swap in one manifest update that also retires the inputs, to be deleted after a
 * delay. Nothing is visible before that commit; if a step fails before it, the outputs written
 * so far are removed and the hour keeps its files.
 */
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { planCompactions, type CompactionPolicy, type CompactionPlan } from './compaction-plan.ts'
import { concatCsv } from './csv-concat.ts'
import { fsyncDir } from './durable-fs.ts'
import { LockLostError, ManifestError } from './errors.ts'
import { withCompaction, type Manifest } from './manifest.ts'
import { writeManifestFile } from './manifest-store.ts'
import type { ParquetCsvWriter } from './parquet-csv-writer.ts'
import type { SinkLock } from './sink-lock.ts'

export interface CompactionStepOptions {
  manifest: Manifest
  tableDir: string
  writer: ParquetCsvWriter
  lock: SinkLock
  policy: CompactionPolicy
  retireDelayMs: number
  now: number
  lastWriteAt(hourDir: string): number
}

export interface CompactionStep {
  manifest: Manifest
  hourDir: string
  replaced: string[]
  added: string[]
}

const abs = (tableDir: string, rel: string): string => join(tableDir, ...rel.split('/'))

async function writeMerged(
  plans: readonly CompactionPlan[],
  tableDir: string,
  writer: ParquetCsvWriter,
  added: string[],
): Promise<void> {
  for (const plan of plans) {
    const inputs = plan.inputs.map((p) => abs(tableDir, p))
    added.push(plan.output)
    if (plan.format === 'parquet') await writer.mergeParquet(inputs, abs(tableDir, plan.output))
    else await concatCsv(inputs, abs(tableDir, plan.output))
  }
  for (const dir of new Set(plans.map((p) => p.hourDir))) await fsyncDir(abs(tableDir, dir))
}

/**
 * Compacts the oldest hour with due merges and commits it; undefined when nothing is due.
 *
 * @example
 * const step = await compactNextHour({ manifest, tableDir, writer, lock, policy, retireDelayMs: 60_000, now: Date.now(), lastWriteAt })
 */
export async function compactNextHour(
  o: CompactionStepOptions,
): Promise<CompactionStep | undefined> {
  const plans = planCompactions(
    o.manifest.files,
    { now: o.now, maxEventTime: o.manifest.max_event_time, lastWriteAt: o.lastWriteAt },
    o.policy,
  )
  const hourDir = plans[0]?.hourDir
  if (hourDir === undefined) return undefined
  const mine = plans.filter((p) => p.hourDir === hourDir)
  const replaced = mine.flatMap((p) => p.inputs)
  const added: string[] = []
  let committing = false
  try {
    await o.lock.assertHeld()
    await writeMerged(mine, o.tableDir, o.writer, added)
    await o.lock.assertHeld()
    const manifest = withCompaction(o.manifest, {
      replaced,
      added,
      now: o.now,
      deleteAfter: o.now + o.retireDelayMs,
    })
    committing = true
    await writeManifestFile(o.tableDir, manifest)
    return { manifest, hourDir, replaced, added }
  } catch (error) {
    // After losing the lock, or a commit of unknown outcome, the outputs may not be ours to delete.
    const unknown = committing && error instanceof ManifestError && !error.retriable
    if (!(error instanceof LockLostError) && !unknown) {
      await Promise.all(added.map((p) => rm(abs(o.tableDir, p), { force: true }))).catch(
        () => undefined,
      )
    }
    throw error
  }
}
