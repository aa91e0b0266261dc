/**
 * Writes the `alerts` table of the evaluation's quick path in the sink's layout, replacing what
 * was there (the fixture writer derives a stand-in alert table of its own): the alerts go through
 * a newline-delimited JSON file into DuckDB, and from there into hourly Parquet files by window
 * start, committed by a manifest. No alerts: no files and no manifest, an empty table.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { quoteIdent, quoteLiteral } from '../../dashboard/db/sql-quote.ts'
import { tableColumns } from '../../dashboard/db/table-columns.ts'
import { writeManifest, writeTableFiles } from '../../dashboard/fixtures/fixture-files.ts'
import { defaultTableTopics } from '../../pipeline/sinks/tables.ts'
import type { Alert } from '../../transforms/index.ts'

const times = new Set(['window_start', 'window_end', 'fired_at'])
const source =
  '(SELECT *, window_start AS part_time, 0 AS src_part, ' +
  'row_number() OVER (ORDER BY window_start, alert_id) - 1 AS src_off FROM al)'

/** The `columns` argument of read_json: the table's types, with times as epoch ms. */
function jsonColumns(): string {
  const fields = tableColumns('alerts').map(
    (c) => `${quoteLiteral(c.name)}: ${quoteLiteral(times.has(c.name) ? 'BIGINT' : c.type)}`,
  )
  return `{${fields.join(', ')}}`
}

/**
 * @example
 * await writeAlertsTable(dataDir, await directAlerts(rows))
 */
export async function writeAlertsTable(dataDir: string, alerts: readonly Alert[]): Promise<void> {
  const dir = join(dataDir, 'alerts')
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  if (alerts.length === 0) return
  const file = join(dataDir, '.alerts.json')
  await writeFile(file, alerts.map((a) => JSON.stringify(a)).join('\n') + '\n')
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' })
  const connection = await instance.connect()
  try {
    const columns = tableColumns('alerts').map((c) => `${quoteIdent(c.name)} ${c.type}`)
    await connection.run(`CREATE TABLE al (${columns.join(', ')})`)
    const asTimes = [...times].map((t) => `epoch_ms(${quoteIdent(t)}) AS ${quoteIdent(t)}`)
    await connection.run(
      `INSERT INTO al BY NAME SELECT * REPLACE (${asTimes.join(', ')})
       FROM read_json(?, format = 'newline_delimited', columns = ${jsonColumns()})`,
      [file],
    )
    const written = await writeTableFiles(connection, 'alerts', source, dir, ['parquet'])
    await writeManifest(dir, {
      version: 1,
      table: 'alerts',
      updated_at: Date.now(),
      sequence: 1,
      files: { parquet: written.parquet, csv: [] },
      sources: { [defaultTableTopics.alerts]: written.nextOffsets },
      max_event_time: written.maxTime,
      retired: [],
    })
  } finally {
    connection.closeSync()
    instance.closeSync()
    await rm(file, { force: true })
  }
}
