/**
 * The state of one table: its committed manifest and the rows consumed since (a RowBuffer). A
 * flush writes one file per (hour, source partition) and format, fsyncs them and their
 * directories, re-checks the lock, and commits the manifest with the new files and the new
 * offsets in one atomic replace; only then is the buffer dropped. `maintain()` deletes retired
 * files whose delay has passed and runs at most one hour's compaction.
 */
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '../log.ts'
import type { CompactionPolicy } from './compaction-plan.ts'
import { compactNextHour } from './compaction.ts'
import { ensureDirDurable, fsyncDir } from './durable-fs.ts'
import { LockLostError, ManifestError, SinkError } from './errors.ts'
import { dataFileStem, dataPath } from './file-naming.ts'
import {
  dueRetired,
  listedPaths,
  sourceOffsets,
  withFlush,
  withoutRetired,
  type Manifest,
} from './manifest.ts'
import { readManifestFile, writeManifestFile } from './manifest-store.ts'
import type { ParquetCsvWriter, WriteTargets } from './parquet-csv-writer.ts'
import { recoverTableDir } from './recovery.ts'
import { RowBuffer } from './row-buffer.ts'
import type { ColumnSpec, MappedRow } from './row-mapping.ts'
import type { SinkLock } from './sink-lock.ts'
import type { SinkMetrics, TableGauges } from './sink-metrics.ts'
import type { FileFormat, SinkTableSpec } from './tables.ts'

export interface TableCompactionSettings extends CompactionPolicy {
  enabled: boolean
  /** How long replaced files stay on disk for readers that still hold the previous list. */
  retireDelayMs: number
  /** Pause after a failed compaction before the next attempt. */
  backoffMs: number
}

export interface TableWriterOptions {
  spec: SinkTableSpec
  columns: readonly ColumnSpec[]
  topic: string
  dataDir: string
  formats: readonly FileFormat[]
  writer: ParquetCsvWriter
  lock: SinkLock
  metrics: SinkMetrics
  log: Logger
  compaction: TableCompactionSettings
  now: () => number
}

export class TableWriter {
  readonly #o: TableWriterOptions
  readonly #dir: string
  readonly #openedAt: number
  readonly #buffer: RowBuffer
  readonly #lastWriteAt = new Map<string, number>()
  #manifest: Manifest
  #compactionPausedUntil = 0

  /** Reads the manifest, refuses one written from another topic, deletes uncommitted files. */
  static async open(o: TableWriterOptions): Promise<TableWriter> {
    const dir = join(o.dataDir, o.spec.table)
    await ensureDirDurable(dir)
    const manifest = await readManifestFile(dir, o.spec.table)
    const foreign = Object.keys(manifest.sources).filter((t) => t !== o.topic)
    if (foreign.length > 0) {
      const message = `${dir} was written from topic ${foreign.join(', ')}, not ${o.topic}; use another data directory`
      throw new SinkError('TOPIC_MISMATCH', message)
    }
    return new TableWriter(o, dir, await recoverTableDir(dir, manifest, o.now(), o.log))
  }

  private constructor(o: TableWriterOptions, dir: string, manifest: Manifest) {
    this.#o = o
    this.#dir = dir
    this.#manifest = manifest
    this.#openedAt = o.now()
    this.#buffer = new RowBuffer(sourceOffsets(manifest, o.topic), o.topic)
  }

  get manifest(): Manifest {
    return this.#manifest
  }

  get bufferedRows(): number {
    return this.#buffer.rows
  }

  /** Whether rows or offsets are waiting for a commit. */
  get hasPending(): boolean {
    return this.#buffer.pending
  }

  /** Next offset to read per partition: committed plus buffered. */
  nextOffset(partition: number): number | undefined {
    return this.#buffer.offsets.get(partition)
  }

  /** Adds one consumed record; `row` is undefined for a skipped record, which only moves the offset. */
  add(partition: number, offset: number, row: MappedRow | undefined): void {
    this.#buffer.add(partition, offset, row)
  }

  /** Writes and commits everything pending; returns whether a commit happened. */
  async flush(): Promise<boolean> {
    if (!this.#buffer.pending) return false
    const { spec, topic, formats, writer, lock } = this.#o
    const started = performance.now()
    const now = this.#o.now()
    const groups = this.#buffer.groups()
    const taken = new Set([
      ...listedPaths(this.#manifest),
      ...this.#manifest.retired.map((r) => r.path),
    ])
    const added: string[] = []
    let committing = false
    try {
      if (groups.length > 0) await lock.assertHeld()
      for (const group of groups) {
        const stem = dataFileStem(group.partition, group.first, group.last)
        const targets: WriteTargets = {}
        for (const format of formats) {
          const rel = dataPath({ hourDir: group.hourDir, stem, format })
          if (taken.has(rel))
            throw new SinkError('NAME_CONFLICT', `${spec.table}/${rel} is already committed`)
          targets[format] = this.#abs(rel)
          added.push(rel)
        }
        await ensureDirDurable(this.#abs(group.hourDir))
        await writer.write(spec.table, this.#o.columns, group.rows, targets)
      }
      for (const dir of new Set(groups.map((g) => g.hourDir))) await fsyncDir(this.#abs(dir))
      await lock.assertHeld()
      const offsets = this.#buffer.offsets
      const next = withFlush(this.#manifest, {
        added,
        topic,
        offsets,
        maxEventTime: this.#buffer.maxPartitionTime,
        now,
      })
      committing = true
      await writeManifestFile(this.#dir, next)
      this.#manifest = next
    } catch (error) {
      // Never delete after losing the lock (the new holder may own those names) or after a commit
      // whose outcome is unknown (the files may be listed).
      const unknown = committing && error instanceof ManifestError && !error.retriable
      if (!(error instanceof LockLostError) && !unknown) {
        await Promise.all(added.map((rel) => rm(this.#abs(rel), { force: true }))).catch(
          () => undefined,
        )
      }
      throw error
    }
    for (const group of groups) this.#lastWriteAt.set(group.hourDir, now)
    const rows = this.#buffer.rows
    this.#buffer.clear()
    const durationMs = performance.now() - started
    this.#o.metrics.flushed(spec.table, { rows, files: added.length, durationMs, at: now })
    return true
  }

  /** Deletes retired files whose delay passed; runs one hour's due compaction, if any. */
  async maintain(): Promise<void> {
    const { spec, compaction, log } = this.#o
    const now = this.#o.now()
    const due = dueRetired(this.#manifest, now)
    if (due.length > 0) {
      await Promise.all(due.map((rel) => rm(this.#abs(rel), { force: true })))
      this.#manifest = withoutRetired(this.#manifest, due)
    }
    if (!compaction.enabled || now < this.#compactionPausedUntil) return
    const started = performance.now()
    try {
      const step = await compactNextHour({
        manifest: this.#manifest,
        tableDir: this.#dir,
        writer: this.#o.writer,
        lock: this.#o.lock,
        policy: compaction,
        retireDelayMs: compaction.retireDelayMs,
        now,
        lastWriteAt: (hour) => this.#lastWriteAt.get(hour) ?? this.#openedAt,
      })
      if (!step) return
      this.#manifest = step.manifest
      this.#o.metrics.compacted(spec.table, {
        inputs: step.replaced.length,
        outputs: step.added.length,
      })
      const ms = Math.round(performance.now() - started)
      log.info(
        {
          table: spec.table,
          hour: step.hourDir,
          inputs: step.replaced.length,
          outputs: step.added,
          ms,
        },
        'compacted',
      )
    } catch (error) {
      if (error instanceof LockLostError || (error instanceof ManifestError && !error.retriable))
        throw error
      this.#compactionPausedUntil = now + compaction.backoffMs
      log.warn({ err: error, table: spec.table }, 'compaction failed; the hour keeps its files')
    }
  }

  gauges(): TableGauges {
    const m = this.#manifest
    return {
      table: this.#o.spec.table,
      bufferedRows: this.#buffer.rows,
      files: { parquet: m.files.parquet.length, csv: m.files.csv.length },
      committedOffsets: { ...m.sources[this.#o.topic] },
    }
  }

  #abs(rel: string): string {
    return join(this.#dir, ...rel.split('/'))
  }
}
