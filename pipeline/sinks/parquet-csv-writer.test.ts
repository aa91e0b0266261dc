import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { schemaText } from '../testing/sinks/test-tables.ts'
import { createParquetCsvWriter, type ParquetCsvWriter } from './parquet-csv-writer.ts'
import { columnsFromAvro, createRowMapper } from './row-mapping.ts'
import { alertRecord, baseTime } from '../testing/sinks/records.ts'
import { useTempDirs } from '../testing/sinks/temp-dir.ts'

const tempDir = useTempDirs()
const columns = columnsFromAvro(JSON.parse(schemaText('alert')))
const toRow = createRowMapper(columns, 'window_start')
let writer: ParquetCsvWriter

beforeAll(async () => {
  writer = await createParquetCsvWriter({ threads: 1 })
})
afterAll(() => writer.close())

describe('Parquet and CSV writer', () => {
  it('writes the contract types: TIMESTAMP and VARCHAR[] in Parquet, ISO-8601 and JSON in CSV', async () => {
    const dir = await tempDir()
    const targets = { parquet: join(dir, 'a.parquet'), csv: join(dir, 'a.csv') }
    await writer.write(
      'alerts',
      columns,
      [toRow(alertRecord(1)).values, toRow(alertRecord(2)).values],
      targets,
    )

    const db = await DuckDBInstance.create(':memory:')
    const c = await db.connect()
    const described = await c.runAndReadAll(
      `DESCRIBE SELECT * FROM read_parquet('${targets.parquet}')`,
    )
    const types = Object.fromEntries(described.getRows().map((r) => [r[0], r[1]]))
    expect(types).toMatchObject({
      alert_id: 'VARCHAR',
      window_start: 'TIMESTAMP',
      count: 'BIGINT',
      threshold: 'DOUBLE',
      sample_event_ids: 'VARCHAR[]',
    })
    expect(Object.keys(types)).toEqual(columns.map((col) => col.name))
    const row = await c.runAndReadAll(
      `SELECT epoch_ms(window_start)::BIGINT, sample_event_ids FROM read_parquet('${targets.parquet}') ORDER BY alert_id LIMIT 1`,
    )
    expect(row.getRowsJson()[0]).toEqual([String(baseTime), ['evt-1', 'evt-"x"']])
    c.closeSync()
    db.closeSync()

    const csv = (await readFile(targets.csv, 'utf8')).split('\n')
    expect(csv[0]).toBe(columns.map((col) => col.name).join(','))
    expect(csv[1]).toBe(
      'alert-1,errors-per-service,threshold,web-server,2026-11-28T03:00:00.000Z,2026-11-28T03:05:00.000Z,12,10.0,' +
        '"[""evt-1"",""evt-\\""x\\""""]",2026-11-28T03:05:00.000Z',
    )
  })

  it('merges Parquet files without turning the hive directories into columns', async () => {
    const dir = join(await tempDir(), 'date=2026-11-28', 'hour=03')
    const { mkdir } = await import('node:fs/promises')
    await mkdir(dir, { recursive: true })
    await writer.write('alerts', columns, [toRow(alertRecord(1)).values], {
      parquet: join(dir, 'a.parquet'),
    })
    await writer.write(
      'alerts',
      columns,
      [toRow(alertRecord(2)).values, toRow(alertRecord(3)).values],
      {
        parquet: join(dir, 'b.parquet'),
      },
    )
    await writer.mergeParquet(
      [join(dir, 'a.parquet'), join(dir, 'b.parquet')],
      join(dir, 'c.parquet'),
    )
    const db = await DuckDBInstance.create(':memory:')
    const c = await db.connect()
    const merged = await c.runAndReadAll(
      `SELECT * FROM read_parquet('${join(dir, 'c.parquet')}', hive_partitioning = false)`,
    )
    expect(merged.columnNames()).toEqual(columns.map((col) => col.name))
    expect(merged.getRows()).toHaveLength(3)
    c.closeSync()
    db.closeSync()
  })

  it('reports the memory its DuckDB holds, also while a write runs', async () => {
    const dir = await tempDir()
    const rows = Array.from({ length: 2_000 }, (_, i) => toRow(alertRecord(i)).values)
    const [, during] = await Promise.all([
      writer.write('alerts', columns, rows, { parquet: join(dir, 'm.parquet') }),
      writer.memoryUsage(),
    ])
    expect(Number.isFinite(during)).toBe(true)
    expect(during).toBeGreaterThanOrEqual(0)
  })

  it('keeps nothing of the files it merged in memory (no external file cache)', async () => {
    const dir = await tempDir()
    const inputs: string[] = []
    for (let f = 0; f < 4; f += 1) {
      const rows = Array.from(
        { length: 20_000 },
        (_, i) => toRow(alertRecord(f * 20_000 + i)).values,
      )
      inputs.push(join(dir, `in-${f}.parquet`))
      await writer.write('alerts', columns, rows, { parquet: inputs.at(-1) })
    }
    await writer.mergeParquet(inputs, join(dir, 'merged.parquet'))
    // With DuckDB's default external file cache, the inputs' bytes stayed cached after the merge,
    // and a long-running sink's memory grew to the memory limit.
    expect(await writer.memoryUsage()).toBeLessThan(16_384)
  })
})
