/**
 * Options of the file sink, their defaults, and validation at construction time with messages
 * that name the bad value (`invalid flushIntervalMs: -5`).
 */
import type { Registry } from 'prom-client'
import { ConfigError } from '../errors.ts'
import type { ConnectionOptions } from '../kafka/config.ts'
import type { Logger } from '../log.ts'
import type { ParquetCsvWriterOptions } from './parquet-csv-writer.ts'
import { fileFormats, type FileFormat, type SinkTableSpec } from './tables.ts'
import type { TableCompactionSettings } from './table-writer.ts'

/** When and how each table's files are compacted; see `defaultCompactionOptions`. */
export interface CompactionOptions extends TableCompactionSettings {
  /** How often retired files and due compactions are checked, ms. */
  intervalMs: number
}

/** The data directory's lock; see `defaultLockOptions`. */
export interface LockOptions {
  /** A standby instance retries the lock this often, ms. */
  retryMs: number
  /** A lock from another host whose heartbeat is older than this (ms) is stale. */
  staleAfterMs: number
  /** How often the holder refreshes its heartbeat, ms; must be below `staleAfterMs`. */
  heartbeatMs: number
}

/** The file sink's resolved options; `resolveFileSinkOptions` builds them from a `FileSinkInput`. */
export interface FileSinkOptions {
  connection: ConnectionOptions
  /** Root of the tables (`DATA_DIR`); the lock file `.sink.lock` lives here. */
  dataDir: string
  /** The tables to write, each with its topic and schema. */
  tables: readonly SinkTableSpec[]
  /** The file formats each table is written in. */
  formats: readonly FileFormat[]
  /** Commit new data at most this often, ms (the first record after a quiet spell commits at once). */
  flushIntervalMs: number
  /** Flush early when this many rows are buffered; polling pauses while a flush cannot drain. */
  maxBufferRows: number
  /** Most messages taken by one poll. */
  pollBatchSize: number
  /** How long one poll waits for the first message, ms. */
  pollTimeoutMs: number
  /** How often the topics' partition counts are re-read (ms), to pick up added partitions. */
  metadataRefreshMs: number
  /** `skip`: log, count and step over an undecodable record; `fail`: stop the sink. */
  onDecodeError: 'skip' | 'fail'
  /** Consecutive failed flushes (retried with backoff) before the sink gives up. */
  maxFlushAttempts: number
  compaction: CompactionOptions
  lock: LockOptions
  log: Logger
  /** Where to register Prometheus metrics (prefix `dataflow_sink_` by default); none if undefined. */
  metrics: { registry: Registry; prefix?: string } | undefined
  /** librdkafka consumer properties that override the sink's defaults. */
  consumerConfig: Record<string, string | number | boolean>
  /** DuckDB settings of the writer; 256MB and 2 threads by default. */
  duckdb: ParquetCsvWriterOptions
}

/** What `createFileSink` takes: the required options, plus any others to override defaults. */
export type FileSinkInput = Pick<FileSinkOptions, 'connection' | 'dataDir' | 'log' | 'tables'> &
  Partial<
    Omit<
      FileSinkOptions,
      'connection' | 'dataDir' | 'log' | 'tables' | 'compaction' | 'lock' | 'duckdb'
    >
  > & {
    compaction?: Partial<CompactionOptions>
    lock?: Partial<LockOptions>
    duckdb?: Partial<ParquetCsvWriterOptions>
  }

const MINUTE = 60_000

/** Defaults of `CompactionOptions`. */
export const defaultCompactionOptions = {
  enabled: true,
  fanout: 16,
  graceMs: 10 * MINUTE,
  quietMs: MINUTE,
  retireDelayMs: MINUTE,
  backoffMs: MINUTE,
  intervalMs: 1_000,
} satisfies CompactionOptions

/** Defaults of `LockOptions`. */
export const defaultLockOptions = {
  retryMs: 3_000,
  staleAfterMs: 30_000,
  heartbeatMs: 5_000,
} satisfies LockOptions

/** Defaults of the optional top-level `FileSinkOptions`. */
export const defaultFileSinkOptions = {
  formats: ['parquet', 'csv'],
  flushIntervalMs: 250,
  maxBufferRows: 50_000,
  pollBatchSize: 2_000,
  pollTimeoutMs: 50,
  metadataRefreshMs: 30_000,
  onDecodeError: 'skip',
  maxFlushAttempts: 10,
  metrics: undefined,
  consumerConfig: {},
} satisfies Partial<FileSinkOptions>

function check(ok: boolean, name: string, value: unknown): void {
  if (!ok) throw new ConfigError(`invalid ${name}: ${JSON.stringify(value)}`)
}

const positiveInt = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) > 0
const nonNegative = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0

/**
 * Merges `input` with the defaults and validates the result.
 *
 * @example
 * resolveFileSinkOptions({ connection, dataDir: './data', log, formats: ['parquet'] })
 */
export function resolveFileSinkOptions(input: FileSinkInput): FileSinkOptions {
  const o: FileSinkOptions = {
    ...defaultFileSinkOptions,
    ...input,
    compaction: { ...defaultCompactionOptions, ...input.compaction },
    lock: { ...defaultLockOptions, ...input.lock },
    duckdb: { memoryLimit: '256MB', threads: 2, ...input.duckdb },
  }
  check(typeof o.dataDir === 'string' && o.dataDir.length > 0, 'dataDir', o.dataDir)
  check(
    o.formats.length > 0 &&
      o.formats.every((f) => fileFormats.includes(f)) &&
      new Set(o.formats).size === o.formats.length,
    'formats',
    o.formats,
  )
  for (const key of [
    'flushIntervalMs',
    'maxBufferRows',
    'pollBatchSize',
    'pollTimeoutMs',
    'metadataRefreshMs',
    'maxFlushAttempts',
  ] as const) {
    check(positiveInt(o[key]), key, o[key])
  }
  check(o.onDecodeError === 'skip' || o.onDecodeError === 'fail', 'onDecodeError', o.onDecodeError)
  check(
    positiveInt(o.compaction.fanout) && o.compaction.fanout >= 2,
    'compaction.fanout',
    o.compaction.fanout,
  )
  for (const key of ['graceMs', 'quietMs', 'retireDelayMs', 'backoffMs'] as const)
    check(nonNegative(o.compaction[key]), `compaction.${key}`, o.compaction[key])
  check(positiveInt(o.compaction.intervalMs), 'compaction.intervalMs', o.compaction.intervalMs)
  for (const key of ['retryMs', 'staleAfterMs', 'heartbeatMs'] as const)
    check(positiveInt(o.lock[key]), `lock.${key}`, o.lock[key])
  check(o.lock.heartbeatMs < o.lock.staleAfterMs, 'lock.heartbeatMs', o.lock.heartbeatMs)
  check(o.tables.length > 0, 'tables', [])
  const names = o.tables.map((t) => t.table)
  const topics = o.tables.map((t) => t.topic)
  check(
    new Set(names).size === names.length && names.every((t) => /^[A-Za-z0-9_]+$/.test(t)),
    'tables',
    names,
  )
  check(
    new Set(topics).size === topics.length && topics.every((t) => /^[A-Za-z0-9._-]+$/.test(t)),
    'topics',
    topics,
  )
  return o
}
