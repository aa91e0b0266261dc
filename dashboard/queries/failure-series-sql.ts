/**
 * The SQL of failures per minute around an incident, for the failure-rate charts of the incident
 * page: per service of a bound list and per minute, the attributed failures
 * (`attributed-failures-sql.ts`) from `beforeMinutes` before the incident to `afterMinutes`
 * after it. Pure.
 */
import { attributedFailuresSql } from './attributed-failures-sql.ts'
import type { SqlFragment } from './sql-fragment.ts'

const minute = 60_000

/**
 * @example
 * const q = failureSeriesSql(primary.event_time, ['database', 'payment-service'], 72, 10)
 * const rows = rowObjects(await db.query(q.sql, q.params)) // { service, minute, failures }
 */
export function failureSeriesSql(
  t: number,
  services: readonly string[],
  beforeMinutes: number,
  afterMinutes: number,
): SqlFragment {
  const from = Math.floor((t - beforeMinutes * minute) / minute) * minute
  const w = attributedFailuresSql(from, t + afterMinutes * minute, services)
  return {
    sql: `${w.sql}
    SELECT service, ms // ${minute} * ${minute} AS minute, count(*) AS failures
    FROM attributed GROUP BY ALL ORDER BY service, minute`,
    params: w.params,
  }
}
