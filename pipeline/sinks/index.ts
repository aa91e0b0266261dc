/**
 * `@incident-pipeline/dataflow/sinks`, the exactly-once Kafka-to-files sink: reads the committed output topics (read_committed, no
 * group commits), writes hive-partitioned Parquet and CSV files, and publishes them, together
 * with the source offsets they cover, through an atomically replaced `_manifest.json` per table
 * (docs/data-layout.md). See README.md beside this file for the design and its guarantees.
 */
import type { FileSink } from './file-sink-api.ts'
import { FileSinkRunner } from './file-sink.ts'
import type { FileSinkInput } from './options.ts'

/**
 * Creates the sink; nothing happens before `start()`.
 *
 * @example
 * const sink = createFileSink({ connection: connectionFromEnv(), dataDir: './data', tables, log })
 * await sink.start()
 * process.once('SIGTERM', () => void sink.stop())
 * await sink.finished
 */
export function createFileSink(options: FileSinkInput): FileSink {
  return new FileSinkRunner(options)
}

export type { FileSink, FileSinkStats, SinkState, TableStats } from './file-sink-api.ts'
export type { CompactionOptions, FileSinkInput, FileSinkOptions, LockOptions } from './options.ts'
export { defaultCompactionOptions, defaultFileSinkOptions, defaultLockOptions } from './options.ts'
export { LockLostError, ManifestError, SinkError, type SinkErrorCode } from './errors.ts'
export {
  emptyManifest,
  manifestFileName,
  parseManifest,
  type Manifest,
  type RetiredFile,
} from './manifest.ts'
export { readManifestFile } from './manifest-store.ts'
export { fileFormats, type FileFormat, type SinkTableSpec } from './tables.ts'
export { dataFileStem, dataPath, hourDir, parseDataPath, type DataPath } from './file-naming.ts'
export {
  columnsFromAvro,
  createRowMapper,
  duckDbTypes,
  kindOf,
  type ColumnKind,
  type ColumnSpec,
} from './row-mapping.ts'
export { quoteIdent, quoteLiteral } from './sql-quote.ts'
