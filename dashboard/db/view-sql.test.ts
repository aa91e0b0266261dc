import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { describe, expect, it } from 'vitest'
import { quoteIdent, quoteLiteral } from '@incident-pipeline/dataflow/sinks'
import { committedParquetFiles } from './manifest.ts'
import { avroToColumns, avroTypeToDuckDb, tableColumns } from './table-columns.ts'
import { viewSql } from './view-sql.ts'

describe('columns from the Avro contracts', () => {
  it('maps Avro types to DuckDB types', () => {
    expect(avroTypeToDuckDb(['null', 'string'])).toBe('VARCHAR')
    expect(avroTypeToDuckDb({ type: 'long', logicalType: 'timestamp-millis' })).toBe('TIMESTAMP')
    expect(avroTypeToDuckDb({ type: 'enum', name: 'L', symbols: ['A'] })).toBe('VARCHAR')
    expect(avroTypeToDuckDb({ type: 'array', items: 'string' })).toBe('VARCHAR[]')
    expect(() => avroTypeToDuckDb({ type: 'map', values: 'int' })).toThrow(/unsupported Avro type/)
    expect(avroToColumns({ fields: [{ name: 'n', type: 'int' }] })).toEqual([
      { name: 'n', type: 'INTEGER' },
    ])
  })

  it('reads every table from schemas/', () => {
    expect(tableColumns('incidents')[0]).toEqual({ name: 'event_id', type: 'VARCHAR' })
    expect(tableColumns('hourly_summary').find((c) => c.name === 'window_start')?.type).toBe(
      'TIMESTAMP',
    )
    expect(tableColumns('alerts').find((c) => c.name === 'sample_event_ids')?.type).toBe(
      'VARCHAR[]',
    )
  })
})

describe('viewSql', () => {
  it('builds a typed empty view when nothing is committed', () => {
    const sql = viewSql('alerts', [])
    expect(sql).toMatch(
      /^CREATE OR REPLACE VIEW "alerts" AS SELECT CAST\(NULL AS VARCHAR\) AS "alert_id"/,
    )
    expect(sql).toMatch(
      /CAST\(NULL AS DATE\) AS "date", CAST\(NULL AS INTEGER\) AS "hour" WHERE false$/,
    )
  })

  it('lists exactly the committed files, quoted', () => {
    const sql = viewSql('incidents', ["/d/incidents/date=2026-11-28/hour=03/it's.parquet"])
    expect(sql).toContain(
      "read_parquet(['/d/incidents/date=2026-11-28/hour=03/it''s.parquet'], hive_partitioning = true",
    )
    expect(sql).toContain("hive_types = {'date': DATE, 'hour': INTEGER}")
  })

  it('reads files written before a field was added to the contract, as NULL', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'view-sql-'))
    const instance = await DuckDBInstance.create(':memory:')
    const db = await instance.connect()
    try {
      const columns = tableColumns('alerts')
      const added = ['fingerprint', 'state', 'score', 'expected']
      const row = (names: string[]) =>
        columns
          .filter((c) => names.includes(c.name))
          .map(
            (c) =>
              `CAST(${c.name === 'state' ? "'fired'" : 'NULL'} AS ${c.type}) AS ${quoteIdent(c.name)}`,
          )
          .join(', ')
      const all = columns.map((c) => c.name)
      const old = all.filter((name) => !added.includes(name))
      const hour = join(dir, 'date=2026-11-28', 'hour=03')
      await mkdir(hour, { recursive: true })
      const files = [join(hour, 'old.parquet'), join(hour, 'new.parquet')]
      await db.run(`COPY (SELECT ${row(old)}) TO ${quoteLiteral(files[0] ?? '')} (FORMAT parquet)`)
      await db.run(`COPY (SELECT ${row(all)}) TO ${quoteLiteral(files[1] ?? '')} (FORMAT parquet)`)
      await db.run(viewSql('alerts', files))
      const states = (await db.runAndReadAll('SELECT state FROM alerts ORDER BY state')).getRows()
      expect(states).toEqual([['fired'], [null]])
    } finally {
      db.closeSync()
      instance.closeSync()
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('quotes identifiers and literals', () => {
    expect(quoteIdent('a"b')).toBe('"a""b"')
    expect(quoteLiteral("it's")).toBe("'it''s'")
    expect(() => quoteLiteral('a\0b')).toThrow()
  })
})

describe('committedParquetFiles', () => {
  const manifest = (parquet: string[]) => ({
    version: 1 as const,
    table: 'incidents',
    updated_at: 0,
    files: { parquet },
  })

  it('resolves listed paths inside the table directory', () => {
    expect(
      committedParquetFiles('/d/incidents', manifest(['date=2026-11-28/hour=03/p0-1.parquet'])),
    ).toEqual(['/d/incidents/date=2026-11-28/hour=03/p0-1.parquet'])
  })

  it.each([
    ['../alerts/x.parquet'],
    ['/etc/passwd.parquet'],
    ['date=1/../../x.parquet'],
    ['date=1/x.csv'],
  ])('refuses %s', (path) =>
    expect(() => committedParquetFiles('/d/incidents', manifest([path]))).toThrow(
      /outside the table/,
    ),
  )
})
