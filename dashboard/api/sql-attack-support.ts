/**
 * Shared by the SQL console's attack suites (`sql-attacks-*.test.ts`): the dashboard they attack,
 * over 300 incidents with a 500 ms timeout, a 1000-row cap and two workers, and the check that a
 * statement is refused with a problem document.
 */
import { expect } from 'vitest'
import { postSql, startTestDashboard, type TestDashboard } from '../test-support.ts'

/**
 * The dashboard under attack; close it in an after-hook.
 *
 * @example
 * beforeAll(async () => { t = await startAttackedDashboard() })
 */
export function startAttackedDashboard(): Promise<TestDashboard> {
  return startTestDashboard({
    fixtures: { incidents: 300 },
    config: { sql: { timeoutMs: 500, maxRows: 1000, memoryLimit: '256MB', workers: 2 } },
  })
}

/**
 * `expectRefused(sql, status, code?)` against the dashboard that `dashboard()` returns: expects a
 * problem document with one of the statuses (and the code, when given) and returns its detail.
 *
 * @example
 * const expectRefused = refusalCheck(() => t)
 * expect(await expectRefused('DROP VIEW incidents', [403], 'sql_refused')).toMatch(/read-only/)
 */
export function refusalCheck(
  dashboard: () => TestDashboard,
): (sql: string, status: number[], code?: string) => Promise<string> {
  return async (sql, status, code) => {
    const res = await postSql(dashboard().app, { sql })
    expect(status, `${sql} → ${res.status}`).toContain(res.status)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    const body = (await res.json()) as { code: string; detail: string }
    if (code) expect(body.code).toBe(code)
    return body.detail
  }
}
