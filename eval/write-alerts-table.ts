/**
 * Writes the `alerts` table of the evaluation's quick path in the sink's layout, replacing what
 * was there (the fixture writer derives a stand-in alert table of its own): the alerts go through
 * newline-delimited JSON (`insertJsonRows`) into DuckDB, and from there into hourly Parquet files
 * by window start, committed by a manifest. No alerts: no files and no manifest, an empty table.
 */
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { quoteIdent } from '@incident-pipeline/dataflow/sinks'
import { tableColumns } from '../dashboard/db/table-columns.ts'
import {
  fixtureSources,
  manifestOf,
  writeManifest,
  writeTableFiles,
} from '../testing/fixtures/fixture-files.ts'
import { insertJsonRows } from '../testing/fixtures/insert-json-rows.ts'
import type { Alert } from '../transforms/index.ts'

/**
 * @example
 * await writeAlertsTable(dataDir, await directAlerts(rows))
 */
export async function writeAlertsTable(dataDir: string, alerts: readonly Alert[]): Promise<void> {
  const dir = join(dataDir, 'alerts')
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  if (alerts.length === 0) return
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' })
  const connection = await instance.connect()
  try {
    const columns = tableColumns('alerts').map((c) => `${quoteIdent(c.name)} ${c.type}`)
    await connection.run(`CREATE TABLE al (${columns.join(', ')})`)
    await insertJsonRows(connection, 'al', alerts, {
      tmpDir: dataDir,
      epochMs: ['window_start', 'window_end', 'fired_at'],
    })
    const written = await writeTableFiles(connection, 'alerts', fixtureSources.alerts, dir, [
      'parquet',
    ])
    await writeManifest(dir, manifestOf('alerts', written, 1, Date.now()))
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}
