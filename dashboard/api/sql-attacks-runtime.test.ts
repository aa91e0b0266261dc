// The SQL console's attack suite, statements that pass the check: expensive ones are capped or
// interrupted, values are bound and never interpolated, and the server keeps answering afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postSql, type TestDashboard } from '../test-support.ts'
import { refusalCheck, startAttackedDashboard } from './sql-attack-support.ts'

let t: TestDashboard

beforeAll(async () => {
  t = await startAttackedDashboard()
})

afterAll(async () => {
  await t.close()
})

const expectRefused = refusalCheck(() => t)

describe('expensive statements', () => {
  it('rejects range(1e12) at bind time', async () => {
    await expectRefused('SELECT count(*) FROM range(1e12)', [400], 'sql_error')
  })

  it('interrupts a statement that runs past the timeout', async () => {
    const started = performance.now()
    const detail = await expectRefused(
      'SELECT count(*) FROM range(1000000000000)',
      [400],
      'query_timeout',
    )
    expect(detail).toMatch(/500 ms/)
    expect(performance.now() - started).toBeLessThan(5000)
  })

  it.each([`SELECT length(lpad('x', 1900000000, 'y'))`, `SELECT length(repeat('x', 1500000000))`])(
    'ends %s, stuck inside one function call, at its deadline and answers others meanwhile',
    async (sql) => {
      const started = performance.now()
      const stuck = expectRefused(sql, [400], 'query_timeout')
      const other = await postSql(t.app, { sql: 'SELECT count(*) AS n FROM incidents' })
      expect(other.status).toBe(200)
      expect(await stuck).toMatch(/500 ms/)
      // In-process, DuckDB notices the interrupt only when the call returns: 6 to 16 s here.
      expect(performance.now() - started).toBeLessThan(4000)
      const after = await postSql(t.app, { sql: 'SELECT 42 AS answer' })
      expect(await after.json()).toMatchObject({ rows: [[42]] })
    },
  )

  it('caps a huge result and says so', async () => {
    const res = await postSql(t.app, { sql: 'SELECT * FROM range(1000000000000)' })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { row_count: number; truncated: boolean; rows: unknown[] }
    expect(body).toMatchObject({ row_count: 1000, truncated: true })
    expect(body.rows).toHaveLength(1000)
  })

  it('caps CSV output too, flagged in a header', async () => {
    const res = await postSql(t.app, { sql: 'SELECT * FROM range(1000000000000)', format: 'csv' })
    expect(res.headers.get('x-truncated')).toBe('true')
    expect((await res.text()).trim().split('\r\n')).toHaveLength(1001)
  })

  it('survives a statement that exhausts the memory limit or the timeout', async () => {
    await expectRefused('SELECT list(range) FROM range(200000000) GROUP BY range % 2', [400])
  })

  it('does not let a caller raise the row cap or the timeout', async () => {
    const res = await postSql(t.app, { sql: 'SELECT 1', max_rows: 5000 })
    expect(res.status).toBe(400)
  })
})

describe('parameter binding', () => {
  it('binds values, never interpolates them', async () => {
    const payload = "'; DROP VIEW incidents; --"
    const res = await postSql(t.app, {
      sql: 'SELECT ? AS v, length(?) AS n',
      params: [payload, payload],
    })
    expect(await res.json()).toMatchObject({ rows: [[payload, payload.length]] })
    const still = await postSql(t.app, { sql: 'SELECT count(*) FROM incidents' })
    expect(still.status).toBe(200)
  })

  it('filters with a bound value', async () => {
    const res = await postSql(t.app, {
      sql: 'SELECT DISTINCT service FROM incidents WHERE service = $1',
      params: ['web-server'],
    })
    expect(await res.json()).toMatchObject({ rows: [['web-server']] })
  })

  it('refuses a parameter count that does not match the placeholders', async () => {
    const detail = await expectRefused('SELECT ? AS a, ? AS b', [400], 'invalid_input')
    expect(detail).toMatch(/2 parameter\(s\) but 0/)
  })

  it('rejects unknown request keys', async () => {
    const res = await postSql(t.app, { sql: 'SELECT 1', database: '/etc' })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { detail: string }).detail).toMatch(/database/)
  })
})

it('still answers after the whole suite', async () => {
  const res = await postSql(t.app, { sql: 'SELECT count(*) AS n FROM incidents' })
  expect(res.status).toBe(200)
  expect(((await res.json()) as { rows: number[][] }).rows[0]?.[0]).toBe(300)
})
