/**
 * Reads what a table has committed, the way a dashboard would: only the files its manifest lists,
 * through DuckDB. Tests use it to count rows and distinct ids, and to run checks over the rows.
 */
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { readManifestFile } from '../../sinks/manifest-store.ts'
import { quoteIdent, quoteLiteral } from '../../sinks/sql-quote.ts'

export interface CommittedRows {
  files: { parquet: number; csv: number }
  parquet: { rows: number; distinct: number }
  csv: { rows: number; distinct: number }
}

/** Runs `sql` with `{files}` replaced by `read_parquet([...listed files...], hive_partitioning = true)`. */
export async function queryCommitted(
  dataDir: string,
  table: string,
  sql: string,
  format: 'parquet' | 'csv' = 'parquet',
): Promise<unknown[][]> {
  const tableDir = join(dataDir, table)
  const manifest = await readManifestFile(tableDir, table)
  const files = manifest.files[format]
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  try {
    if (files.length === 0) return []
    const list = files.map((f) => quoteLiteral(join(tableDir, f))).join(', ')
    const reader = format === 'parquet' ? 'read_parquet' : 'read_csv'
    const result = await connection.runAndReadAll(
      sql.replace('{files}', `${reader}([${list}], hive_partitioning = true)`),
    )
    return result.getRowsJson() as unknown[][]
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

/**
 * @example
 * const { parquet } = await committedRows('/data', 'incidents', 'event_id')
 */
export async function committedRows(
  dataDir: string,
  table: string,
  idColumn: string,
): Promise<CommittedRows> {
  const manifest = await readManifestFile(join(dataDir, table), table)
  const sql = `SELECT count(*)::INTEGER, count(DISTINCT ${quoteIdent(idColumn)})::INTEGER FROM {files}`
  const count = async (format: 'parquet' | 'csv') => {
    const [row] = await queryCommitted(dataDir, table, sql, format)
    return { rows: Number(row?.[0] ?? 0), distinct: Number(row?.[1] ?? 0) }
  }
  return {
    files: { parquet: manifest.files.parquet.length, csv: manifest.files.csv.length },
    parquet: await count('parquet'),
    csv: await count('csv'),
  }
}
