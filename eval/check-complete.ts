/**
 * Checks, through the dashboard's own views of the committed files, that the data the analysis
 * reads holds every event the evaluation sent exactly once and nothing else: a lost, duplicated
 * or foreign event would change the scores without saying so.
 */
import type { DashboardDb } from '../dashboard/db/dashboard-db.ts'

export interface Completeness {
  expected: number
  rows: number
  distinct: number
  missing: number
  /** Up to five of the missing event ids. */
  sample: string[]
}

/** Why the data is not what was sent, or undefined when it is. Pure. */
export function completenessProblem(c: Completeness): string | undefined {
  if (c.missing > 0) {
    return (
      `the incidents files lack ${c.missing} of the ${c.expected} events sent ` +
      `(e.g. ${c.sample.join(', ')})`
    )
  }
  if (c.rows !== c.distinct) return `the incidents files hold ${c.rows - c.distinct} duplicates`
  if (c.rows !== c.expected) {
    return `the incidents files hold ${c.rows} rows for the ${c.expected} events sent`
  }
  return undefined
}

/**
 * @example
 * const problem = completenessProblem(await completeness(db, ids))
 * if (problem) throw new Error(problem)
 */
export async function completeness(db: DashboardDb, ids: readonly string[]): Promise<Completeness> {
  const counts = await db.query(
    'SELECT count(*) AS n, count(DISTINCT event_id) AS d FROM incidents',
  )
  // Event ids are UUIDs, so a comma-joined list binds as one value.
  const missing = await db.query(
    `WITH sent AS (SELECT unnest(string_split(?, ',')) AS id),
      missing AS (SELECT id FROM sent ANTI JOIN incidents i ON i.event_id = sent.id)
    SELECT (SELECT count(*) FROM missing) AS n, id FROM missing ORDER BY id LIMIT 5`,
    [ids.join(',')],
  )
  const [rows, distinct] = (counts.rows[0] ?? [0, 0]).map(Number)
  return {
    expected: ids.length,
    rows: rows ?? 0,
    distinct: distinct ?? 0,
    missing: Number(missing.rows[0]?.[0] ?? 0),
    sample: missing.rows.map((r) => String(r[1])),
  }
}
