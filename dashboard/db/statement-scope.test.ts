import { describe, expect, it } from 'vitest'
import { refusal, refusedFunctions, type StatementScope } from './statement-scope.ts'

const scope: StatementScope = {
  readable: new Set(['incidents', 'alerts']),
  internal: new Set(['duckdb_views', 'pg_views']),
}

const fn = (name: string, schema = '') => ({ class: 'FUNCTION', function_name: name, schema })
const table = (table_name: string, schema_name = '', catalog_name = '') => ({
  type: 'BASE_TABLE',
  table_name,
  schema_name,
  catalog_name,
})
const select = (from: unknown, list: unknown[] = [], ctes: string[] = []) => ({
  error: false,
  statements: [
    {
      node: {
        type: 'SELECT_NODE',
        cte_map: { map: ctes.map((key) => ({ key, value: {} })) },
        select_list: list,
        from_table: from,
      },
    },
  ],
})

describe('refusal', () => {
  it('lets the readable tables and ordinary functions through, in any case', () => {
    expect(refusal(select(table('Incidents'), [fn('lower')]), scope)).toBeUndefined()
    expect(refusal(select(table('alerts', 'main', 'memory')), scope)).toBeUndefined()
  })

  it('refuses another table and names the readable ones', () => {
    expect(refusal(select(table('secrets')), scope)).toBe(
      'table "secrets" is not readable here; the readable tables are alerts, incidents',
    )
    expect(refusal(select(table('incidents', 'other')), scope)).toMatch(/"other.incidents"/)
  })

  it('reads a CTE by its name, but no CTE may take the name of a catalog view', () => {
    expect(refusal(select(table('recent'), [], ['recent']), scope)).toBeUndefined()
    expect(refusal(select(table('x'), [], ['PG_VIEWS'.toLowerCase()]), scope)).toMatch(
      /CTE may not be named "pg_views"/,
    )
  })

  it('refuses functions by exact name and by prefix, nested anywhere, with the reason', () => {
    expect(refusal(select(table('incidents'), [fn('Current_Setting')]), scope)).toBe(
      'function Current_Setting() is refused: it reveals server settings, paths or catalog internals',
    )
    const nested = select({ type: 'TABLE_FUNCTION', function: fn('read_parquet') })
    expect(refusal(nested, scope)).toMatch(/read_parquet\(\) is refused: it reads files directly/)
    expect(refusal(select(table('incidents'), [fn('query')]), scope)).toMatch(/SQL text/)
  })

  it('refuses functions of the catalog schemas', () => {
    expect(refusal(select(table('incidents'), [fn('anything', 'pg_catalog')]), scope)).toMatch(
      /pg_catalog\.anything is refused/,
    )
  })

  it('documents a reason for every refused pattern', () => {
    for (const rule of refusedFunctions) expect(rule.reason.length).toBeGreaterThan(10)
  })
})
