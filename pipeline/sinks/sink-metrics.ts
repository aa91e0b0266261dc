/**
 * The sink's counters: rows and files written, flushes, the last flush time, compactions and
 * skipped records, per table. Always kept in memory for `stats()`; when a prom-client Registry is
 * given, the same numbers are also registered as Prometheus metrics, with gauges (listed files,
 * buffered rows, committed offsets, lock held) read from the live sink at scrape time.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client'
import type { FileFormat } from './tables.ts'

export interface TableCounters {
  rowsWritten: number
  filesWritten: number
  flushes: number
  /** Epoch ms of the last committed flush. */
  lastFlushAt: number | null
  lastFlushDurationMs: number
  compactions: number
  filesCompacted: number
  skippedRecords: number
}

export interface TableGauges {
  table: string
  bufferedRows: number
  files: Record<FileFormat, number>
  /** partition → next offset committed in the manifest. */
  committedOffsets: Record<string, number>
}

export interface GaugeSource {
  lockHeld(): boolean
  tables(): TableGauges[]
  /** Bytes held by the writer's DuckDB, or undefined while no writer is open. */
  duckdbMemory(): Promise<number | undefined>
}

export interface PrometheusOptions {
  registry: Registry
  /** Prefix of every metric name. */
  prefix?: string
}

export interface SinkMetrics {
  readonly tables: ReadonlyMap<string, Readonly<TableCounters>>
  flushed(
    table: string,
    flush: { rows: number; files: number; durationMs: number; at: number },
  ): void
  compacted(table: string, compaction: { inputs: number; outputs: number }): void
  skipped(table: string, reason: string): void
}

const newCounters = (): TableCounters => ({
  rowsWritten: 0,
  filesWritten: 0,
  flushes: 0,
  lastFlushAt: null,
  lastFlushDurationMs: 0,
  compactions: 0,
  filesCompacted: 0,
  skippedRecords: 0,
})

function registerPrometheus(
  { registry, prefix = 'dataflow_sink_' }: PrometheusOptions,
  gauges: GaugeSource,
) {
  const counters = registerCounters(prefix, [registry])
  registerCollectedGauges(prefix, [registry], gauges)
  return counters
}

/** The counters, histogram and gauge that flushes, compactions and skips update. */
function registerCounters(prefix: string, registers: Registry[]) {
  const rows = new Counter({
    name: `${prefix}rows_written_total`,
    help: 'Rows committed to files',
    labelNames: ['table'],
    registers,
  })
  const files = new Counter({
    name: `${prefix}files_written_total`,
    help: 'Data files committed by flushes',
    labelNames: ['table'],
    registers,
  })
  const flushes = new Counter({
    name: `${prefix}flushes_total`,
    help: 'Committed flushes',
    labelNames: ['table'],
    registers,
  })
  const compactions = new Counter({
    name: `${prefix}compactions_total`,
    help: 'Committed compactions',
    labelNames: ['table'],
    registers,
  })
  const skipped = new Counter({
    name: `${prefix}skipped_records_total`,
    help: 'Records skipped (undecodable, tombstone)',
    labelNames: ['table', 'reason'],
    registers,
  })
  const duration = new Histogram({
    name: `${prefix}flush_duration_seconds`,
    help: 'Time to write, fsync and commit one flush',
    labelNames: ['table'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  })
  const lastFlush = new Gauge({
    name: `${prefix}last_flush_timestamp_seconds`,
    help: 'Time of the last committed flush',
    labelNames: ['table'],
    registers,
  })
  return { rows, files, flushes, compactions, skipped, duration, lastFlush }
}

/** The gauges read from the sink's state at scrape time. */
function registerCollectedGauges(prefix: string, registers: Registry[], gauges: GaugeSource): void {
  new Gauge({
    name: `${prefix}files`,
    help: 'Files listed in the manifest',
    labelNames: ['table', 'format'],
    registers,
    collect() {
      for (const t of gauges.tables())
        for (const [format, n] of Object.entries(t.files)) this.set({ table: t.table, format }, n)
    },
  })
  new Gauge({
    name: `${prefix}buffered_rows`,
    help: 'Rows consumed but not yet committed',
    labelNames: ['table'],
    registers,
    collect() {
      for (const t of gauges.tables()) this.set({ table: t.table }, t.bufferedRows)
    },
  })
  new Gauge({
    name: `${prefix}committed_offset`,
    help: 'Next source offset recorded in the manifest',
    labelNames: ['table', 'partition'],
    registers,
    collect() {
      for (const t of gauges.tables())
        for (const [partition, o] of Object.entries(t.committedOffsets))
          this.set({ table: t.table, partition }, o)
    },
  })
  new Gauge({
    name: `${prefix}duckdb_memory_bytes`,
    help: "Memory held by the writer's DuckDB buffer manager",
    registers,
    async collect() {
      const bytes = await gauges.duckdbMemory().catch(() => undefined)
      if (bytes !== undefined) this.set(bytes)
    },
  })
  new Gauge({
    name: `${prefix}lock_held`,
    help: '1 when this instance holds the data directory lock (is the active writer)',
    registers,
    collect() {
      this.set(gauges.lockHeld() ? 1 : 0)
    },
  })
}

/**
 * @example
 * const metrics = createSinkMetrics(['incidents'], gaugeSource, { registry: new Registry() })
 * metrics.flushed('incidents', { rows: 10, files: 2, durationMs: 12, at: Date.now() })
 */
export function createSinkMetrics(
  tables: readonly string[],
  gauges: GaugeSource,
  prometheus?: PrometheusOptions,
): SinkMetrics {
  const counters = new Map(tables.map((t) => [t, newCounters()]))
  const prom = prometheus ? registerPrometheus(prometheus, gauges) : undefined
  const of = (table: string): TableCounters => {
    const c = counters.get(table)
    if (!c) throw new Error(`no metrics for table ${table}`)
    return c
  }
  return {
    tables: counters,
    flushed(table, { rows, files, durationMs, at }) {
      const c = of(table)
      c.rowsWritten += rows
      c.filesWritten += files
      c.flushes += 1
      c.lastFlushAt = at
      c.lastFlushDurationMs = durationMs
      prom?.rows.inc({ table }, rows)
      prom?.files.inc({ table }, files)
      prom?.flushes.inc({ table })
      prom?.duration.observe({ table }, durationMs / 1000)
      prom?.lastFlush.set({ table }, at / 1000)
    },
    compacted(table, { inputs }) {
      const c = of(table)
      c.compactions += 1
      c.filesCompacted += inputs
      prom?.compactions.inc({ table })
    },
    skipped(table, reason) {
      of(table).skippedRecords += 1
      prom?.skipped.inc({ table, reason })
    },
  }
}
