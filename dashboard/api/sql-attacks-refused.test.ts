// The SQL console's attack suite, statements refused by the check: reading files outside the
// committed views, statements that are not read-only, and settings, paths and catalog internals.
// Nothing is read or written outside the data directory.
import { existsSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postSql, type TestDashboard } from '../test-support.ts'
import { refusalCheck, startAttackedDashboard } from './sql-attack-support.ts'

let t: TestDashboard
let sibling: string

beforeAll(async () => {
  t = await startAttackedDashboard()
  sibling = `${t.dataDir}-secret`
  await mkdir(sibling, { recursive: true })
  await writeFile(`${sibling}/secret.csv`, 'password\nhunter2\n')
})

afterAll(async () => {
  await t.close()
  await rm(sibling, { recursive: true, force: true })
})

const expectRefused = refusalCheck(() => t)

describe('file access outside the committed views', () => {
  it.each([
    `SELECT * FROM read_csv('/etc/passwd')`,
    `SELECT * FROM read_text('/etc/passwd')`,
    `SELECT * FROM read_blob('/etc/hostname')`,
    `SELECT * FROM glob('/etc/*')`,
    `SELECT * FROM read_json('/proc/self/environ')`,
    `SELECT * FROM read_parquet('/tmp/*.parquet')`,
    `SELECT * FROM parquet_metadata('/tmp/x.parquet')`,
    `SELECT * FROM sniff_csv('/etc/passwd')`,
  ])('%s is refused by name', async (sql) => {
    expect(await expectRefused(sql, [403], 'sql_refused')).toMatch(/reads files directly/)
  })

  it('refuses a sibling directory that only shares the data directory prefix', async () => {
    await expectRefused(`SELECT * FROM read_csv('${sibling}/secret.csv')`, [403], 'sql_refused')
  })

  it('refuses a path that climbs out of the data directory', async () => {
    await expectRefused(`SELECT * FROM read_text('${t.dataDir}/../../../etc/passwd')`, [400, 403])
  })

  it('treats a quoted path as a table name, not a file', async () => {
    await expectRefused(`SELECT * FROM '/etc/passwd'`, [400, 403])
  })
})

describe('statements that are not read-only', () => {
  it.each([
    [`COPY (SELECT 1) TO '${'DATA'}/x.csv'`, 'COPY'],
    [`EXPLAIN ANALYZE COPY (SELECT 1) TO '${'DATA'}/y.csv'`, 'COPY'],
    [`ATTACH ':memory:' AS other`, 'ATTACH'],
    [`ATTACH '/tmp/other.duckdb'`, 'ATTACH'],
    [`DETACH memory`, 'DETACH'],
    [`INSTALL httpfs`, 'LOAD'],
    [`LOAD httpfs`, 'LOAD'],
    [`SET threads = 64`, 'SET'],
    [`SET enable_external_access = true`, 'SET'],
    [`RESET memory_limit`, 'SET'],
    [`PRAGMA threads = 64`, 'SET'],
    [`PRAGMA enable_profiling`, 'PRAGMA'],
    [`CREATE TABLE t AS SELECT 1`, 'CREATE'],
    [`CREATE MACRO m(x) AS x`, 'CREATE'],
    [`DROP VIEW incidents`, 'DROP'],
    [`INSERT INTO incidents (event_id) VALUES ('x')`, 'INSERT'],
    [`CALL pragma_version()`, 'CALL'],
    [`CHECKPOINT`, 'CALL'],
    [`USE memory`, 'SET'],
    [`EXPORT DATABASE '/tmp/export'`, 'EXPORT'],
    [`VACUUM`, 'VACUUM'],
    [`PREPARE p AS SELECT 1`, 'PREPARE'],
  ])('%s is refused', async (raw) => {
    const sql = raw.replace('DATA', t.dataDir)
    const detail = await expectRefused(sql, [400, 403])
    expect(detail.length).toBeGreaterThan(10)
    expect(existsSync(`${t.dataDir}/x.csv`)).toBe(false)
    expect(existsSync(`${t.dataDir}/y.csv`)).toBe(false)
  })

  it('names the statement type when it refuses one', async () => {
    const detail = await expectRefused(
      `COPY (SELECT 1) TO '${t.dataDir}/x.csv'`,
      [403],
      'sql_refused',
    )
    expect(detail).toMatch(/read-only.*COPY/)
  })

  it('refuses more than one statement, even when the first is harmless', async () => {
    const detail = await expectRefused('SELECT 1; DROP VIEW incidents', [403], 'sql_refused')
    expect(detail).toMatch(/exactly one statement/)
  })

  it('accepts one statement with a trailing semicolon and comments', async () => {
    const res = await postSql(t.app, {
      sql: '-- count\nSELECT count(*) AS n FROM incidents; /* done */',
    })
    expect(res.status).toBe(200)
  })

  it('allows EXPLAIN of a query but not EXPLAIN of something else', async () => {
    expect((await postSql(t.app, { sql: 'EXPLAIN SELECT * FROM incidents' })).status).toBe(200)
    expect(
      (await postSql(t.app, { sql: 'EXPLAIN ANALYZE SELECT count(*) FROM incidents' })).status,
    ).toBe(200)
    await expectRefused('EXPLAIN ANALYZE CREATE TABLE x AS SELECT 1', [403], 'sql_refused')
  })
})

describe('settings, paths and catalog internals', () => {
  it.each([
    `SELECT * FROM duckdb_settings()`,
    `SELECT value FROM duckdb_settings() WHERE name = 'temp_directory'`,
    `SELECT (SELECT max(value) FROM duckdb_settings()) AS v`,
    `SELECT current_setting('temp_directory')`,
    `SELECT CURRENT_SETTING('secret_directory')`,
    `SELECT * FROM duckdb_databases()`,
    `SELECT * FROM duckdb_secrets()`,
    `SELECT * FROM duckdb_extensions()`,
    `SELECT * FROM duckdb_temporary_files()`,
    `SELECT * FROM pragma_database_list()`,
    `SELECT getenv('HOME')`,
    `SELECT which_secret('s3://x/y', 's3')`,
  ])('%s is refused', async (sql) => {
    expect(await expectRefused(sql, [403], 'sql_refused')).toMatch(
      /refused: it reveals server settings, paths or catalog internals/,
    )
  })

  it.each([
    `SELECT sql FROM duckdb_views`,
    `SELECT * FROM duckdb_tables`,
    `SELECT view_definition FROM information_schema.views`,
    `SELECT * FROM information_schema.tables`,
    `SELECT definition FROM pg_catalog.pg_views`,
    `SELECT * FROM pg_views`,
    `SELECT * FROM pg_settings`,
    `SELECT * FROM system.main.duckdb_views`,
    `SELECT * FROM sqlite_master`,
    `SELECT * FROM '/etc/passwd'`,
    `SELECT * FROM incidents, (SELECT * FROM duckdb_views) v`,
  ])('%s is refused: only the dashboard tables are readable', async (sql) => {
    expect(await expectRefused(sql, [403], 'sql_refused')).toMatch(
      /is not readable here; the readable tables are .*incidents/,
    )
  })

  it.each([`SELECT pg_catalog.pg_get_viewdef('incidents')`, `SELECT pg_get_viewdef('incidents')`])(
    '%s is refused',
    async (sql) => {
      expect(await expectRefused(sql, [403], 'sql_refused')).toMatch(/refused/)
    },
  )

  it.each([
    `SELECT * FROM query('SELECT * FROM duckdb_settings()')`,
    `SELECT * FROM query_table('duckdb_views')`,
    `SELECT json_execute_serialized_sql(json_serialize_sql('SELECT 1'))`,
  ])('%s is refused: it runs unchecked SQL text', async (sql) => {
    expect(await expectRefused(sql, [403], 'sql_refused')).toMatch(/SQL text/)
  })

  it('refuses a CTE that shadows a catalog view, so no reference outside its scope reaches it', async () => {
    const detail = await expectRefused(
      `SELECT * FROM duckdb_views, (WITH duckdb_views AS (SELECT 1) SELECT * FROM duckdb_views)`,
      [403],
      'sql_refused',
    )
    expect(detail).toMatch(/CTE may not be named "duckdb_views"/)
  })

  it('checks the query behind EXPLAIN too', async () => {
    await expectRefused(`EXPLAIN SELECT * FROM duckdb_settings()`, [403], 'sql_refused')
  })

  it('still answers CTEs, subqueries, DESCRIBE, SUMMARIZE, SHOW and table functions like range', async () => {
    for (const sql of [
      'WITH x AS (SELECT service FROM incidents) SELECT count(*) FROM x',
      'SELECT * FROM (SELECT level FROM incidents) AS t LIMIT 1',
      'DESCRIBE incidents',
      'SUMMARIZE SELECT level FROM incidents',
      'SHOW TABLES',
      'SELECT * FROM range(3)',
      'SELECT upper(service), count(*) FROM incidents GROUP BY ALL',
    ]) {
      expect((await postSql(t.app, { sql })).status, sql).toBe(200)
    }
  })

  it('shows no path of the server in SHOW ALL TABLES', async () => {
    const res = await postSql(t.app, { sql: 'SHOW ALL TABLES' })
    expect(res.status).toBe(200)
    expect(await res.text()).not.toContain(t.dataDir)
  })
})
