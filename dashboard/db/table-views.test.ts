// The visibility contract of docs/data-layout.md, through the dashboard's database: only files
// a manifest lists are visible, a new manifest is picked up before the next query, an empty data
// directory still has typed views, and a bad manifest never widens what is visible.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { appendIncidents } from '../../testing/fixtures/write-fixtures.ts'
import { startTestDashboard, type TestDashboard } from '../test-support.ts'
import { tableColumns } from './table-columns.ts'

let t: TestDashboard | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

const count = async (db: TestDashboard['db'], table: string) =>
  Number((await db.query(`SELECT count(*) FROM ${table}`)).rows[0]?.[0])

describe('committed views', () => {
  it('shows exactly the rows of the listed files, never the uncommitted ones', async () => {
    t = await startTestDashboard({ fixtures: { incidents: 250, uncommitted: true } })
    expect(await count(t.db, 'incidents')).toBe(250)
    const sneaky = await t.db.query(
      `SELECT count(*) FROM incidents WHERE event_id LIKE 'uncommitted%'`,
    )
    expect(sneaky.rows[0]?.[0]).toBe(0)
  })

  it('has the contract columns and zero rows when nothing is committed', async () => {
    t = await startTestDashboard({ fixtures: false })
    for (const table of ['incidents', 'hourly_summary', 'alerts'])
      expect(await count(t.db, table)).toBe(0)
    const described = await t.db.sql('DESCRIBE incidents')
    const names = described.rows.map((r) => r[0])
    expect(names).toEqual([...tableColumns('incidents').map((c) => c.name), 'date', 'hour'])
    const types = Object.fromEntries(described.rows.map((r) => [r[0], r[1]]))
    expect(types).toMatchObject({
      event_time: 'TIMESTAMP',
      affected_users: 'INTEGER',
      source_offset: 'BIGINT',
      date: 'DATE',
    })
    expect(
      (await t.db.sql('DESCRIBE alerts')).rows.find((r) => r[0] === 'sample_event_ids')?.[1],
    ).toBe('VARCHAR[]')
  })

  it('picks up a newly committed batch before the next query', async () => {
    t = await startTestDashboard({ fixtures: { incidents: 100 } })
    const before = t.db.views.version
    await appendIncidents(t.dataDir, [
      {
        event_id: 'late-1',
        event_time: Date.UTC(2026, 10, 28, 5),
        level: 'ERROR',
        message: 'new',
        source_offset: 1000,
      },
    ])
    await t.db.views.ensureFresh(true)
    expect(await count(t.db, 'incidents')).toBe(101)
    expect(t.db.views.version).toBeGreaterThan(before)
  })

  it('keeps the previous view and reports the error when a manifest is invalid', async () => {
    t = await startTestDashboard({ fixtures: { incidents: 100 } })
    await writeFile(
      join(t.dataDir, 'incidents', '_manifest.json'),
      '{"version": 1, "table": "incidents"',
    )
    await t.db.views.ensureFresh(true)
    expect(await count(t.db, 'incidents')).toBe(100)
    expect(t.db.views.states().find((s) => s.table === 'incidents')?.error).toMatch(/manifest/)
  })

  it('refuses a manifest that points outside its table directory', async () => {
    t = await startTestDashboard({ fixtures: false })
    await mkdir(join(t.dataDir, 'alerts'), { recursive: true })
    const manifest = {
      version: 1,
      table: 'alerts',
      updated_at: 1,
      files: { parquet: ['../incidents/x.parquet'] },
    }
    await writeFile(join(t.dataDir, 'alerts', '_manifest.json'), JSON.stringify(manifest))
    await t.db.views.ensureFresh(true)
    expect(t.db.views.states().find((s) => s.table === 'alerts')?.error).toMatch(
      /outside the table/,
    )
    expect(await count(t.db, 'alerts')).toBe(0)
  })
})
