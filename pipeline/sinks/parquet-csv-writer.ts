/**
 * Writes rows to Parquet and CSV files with DuckDB: rows go through an appender into an in-memory
 * staging table, then `COPY … TO` writes each requested format, and every written file is fsynced
 * before the call returns. Also merges Parquet files for compaction. DuckDB's own types carry the
 * contract: TIMESTAMP (UTC) and VARCHAR[] in Parquet; ISO-8601 text and a JSON array in CSV.
 * One writer serves one caller at a time (the sink loop is sequential).
 */
import {
  DuckDBInstance,
  DuckDBTimestampValue,
  LIST,
  VARCHAR,
  listValue,
  type DuckDBAppender,
  type DuckDBConnection,
} from '@duckdb/node-api'
import { fsyncFile } from './durable-fs.ts'
import { duckDbTypes, type ColumnKind, type ColumnSpec, type RowValue } from './row-mapping.ts'
import { quoteIdent, quoteLiteral } from './sql-quote.ts'

export interface ParquetCsvWriterOptions {
  /** DuckDB `memory_limit`, e.g. `256MB`. */
  memoryLimit: string
  threads: number
}

export const defaultParquetCsvWriterOptions = {
  memoryLimit: '256MB',
  threads: 2,
} satisfies ParquetCsvWriterOptions

export interface WriteTargets {
  /** Absolute path of the Parquet file to write, if that format is on. */
  parquet?: string
  csv?: string
}

export interface ParquetCsvWriter {
  write(
    table: string,
    columns: readonly ColumnSpec[],
    rows: readonly (readonly RowValue[])[],
    targets: WriteTargets,
  ): Promise<void>
  /** Writes one Parquet file holding every row of `inputs`, in input order. */
  mergeParquet(inputs: readonly string[], output: string): Promise<void>
  /** Bytes DuckDB's buffer manager holds (all memory tags), read on a connection of its own. */
  memoryUsage(): Promise<number>
  close(): void
}

const stringList = LIST(VARCHAR)

function appendValue(appender: DuckDBAppender, kind: ColumnKind, value: RowValue): void {
  if (value === null) return appender.appendNull()
  switch (kind) {
    case 'string':
      return appender.appendVarchar(value as string)
    case 'int':
      return appender.appendInteger(value as number)
    case 'long':
      return appender.appendBigInt(BigInt(value as number))
    case 'float':
      return appender.appendFloat(value as number)
    case 'double':
      return appender.appendDouble(value as number)
    case 'boolean':
      return appender.appendBoolean(value as boolean)
    case 'timestamp':
      return appender.appendTimestamp(new DuckDBTimestampValue(BigInt(value as number) * 1000n))
    case 'string-list':
      return appender.appendList(listValue(value as string[]), stringList)
  }
}

/** The CSV projection: ISO-8601 text for times, JSON text for lists, everything else as is. */
function csvSelect(columns: readonly ColumnSpec[]): string {
  return columns
    .map(({ name, kind }) => {
      const id = quoteIdent(name)
      if (kind === 'timestamp') return `strftime(${id}, '%Y-%m-%dT%H:%M:%S.%gZ') AS ${id}`
      if (kind === 'string-list') return `to_json(${id}) AS ${id}`
      return id
    })
    .join(', ')
}

async function appendRows(
  connection: DuckDBConnection,
  stage: string,
  columns: readonly ColumnSpec[],
  rows: readonly (readonly RowValue[])[],
): Promise<void> {
  const appender = await connection.createAppender(stage)
  try {
    for (const row of rows) {
      for (let i = 0; i < columns.length; i += 1)
        appendValue(appender, (columns[i] as ColumnSpec).kind, row[i] ?? null)
      appender.endRow()
    }
  } finally {
    appender.closeSync()
  }
}

/**
 * @example
 * const writer = await createParquetCsvWriter()
 * await writer.write('incidents', columns, rows, { parquet: '/data/…/p0-….parquet', csv: '/data/…/p0-….csv' })
 */
export async function createParquetCsvWriter(
  options: Partial<ParquetCsvWriterOptions> = {},
): Promise<ParquetCsvWriter> {
  const { memoryLimit, threads } = { ...defaultParquetCsvWriterOptions, ...options }
  const instance = await DuckDBInstance.create(':memory:', {
    memory_limit: memoryLimit,
    threads: String(threads),
  })
  const connection = await instance.connect()
  // The sink reads each small file once, to merge it, and never again: DuckDB's external file
  // cache would keep every one of them in memory until the memory limit forces evictions, so
  // resident memory climbed for hours. The Parquet metadata cache is off (its default) for the
  // same reason: a file's footer is read once.
  await connection.run('SET enable_external_file_cache = false')
  const monitor = await instance.connect()

  // A staging table per write, dropped after it: DuckDB keeps the storage of deleted rows, so an
  // in-memory table that is appended to and emptied again grows for as long as the sink runs.
  // Returns the table's plain name (the appender wants it unquoted) and its SQL form.
  async function createStage(
    table: string,
    columns: readonly ColumnSpec[],
  ): Promise<[string, string]> {
    const name = `stage_${table}`
    const defs = columns.map((c) => `${quoteIdent(c.name)} ${duckDbTypes[c.kind]}`).join(', ')
    await connection.run(`CREATE OR REPLACE TABLE ${quoteIdent(name)} (${defs})`)
    return [name, quoteIdent(name)]
  }

  return {
    async write(table, columns, rows, targets) {
      const [name, stage] = await createStage(table, columns)
      try {
        await appendRows(connection, name, columns, rows)
        if (targets.parquet) {
          await connection.run(
            `COPY (SELECT * FROM ${stage}) TO ${quoteLiteral(targets.parquet)} (FORMAT parquet, COMPRESSION zstd)`,
          )
          await fsyncFile(targets.parquet)
        }
        if (targets.csv) {
          await connection.run(
            `COPY (SELECT ${csvSelect(columns)} FROM ${stage}) TO ${quoteLiteral(targets.csv)} (FORMAT csv, HEADER)`,
          )
          await fsyncFile(targets.csv)
        }
      } finally {
        await connection.run(`DROP TABLE ${stage}`)
      }
    },

    async mergeParquet(inputs, output) {
      // hive_partitioning off: the directory names must not become data columns of the merged file.
      const list = inputs.map(quoteLiteral).join(', ')
      const source = `read_parquet([${list}], hive_partitioning = false, union_by_name = true)`
      await connection.run(
        `COPY (SELECT * FROM ${source}) TO ${quoteLiteral(output)} (FORMAT parquet, COMPRESSION zstd)`,
      )
      await fsyncFile(output)
    },

    async memoryUsage() {
      const reader = await monitor.runAndReadAll(
        'SELECT coalesce(sum(memory_usage_bytes), 0)::DOUBLE FROM duckdb_memory()',
      )
      return Number(reader.getRows()[0]?.[0] ?? 0)
    },

    close() {
      monitor.closeSync()
      connection.closeSync()
      instance.closeSync()
    },
  }
}
