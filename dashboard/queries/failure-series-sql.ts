/**
 * The SQL of failures per minute around an incident, for the failure-rate charts of the incident
 * page. It counts, per service of a bound list and per minute, the failures (WARNING and ERROR
 * events that are evidence for a category, the category derived as the analysis derives it)
 * from `beforeMinutes` before the incident to `afterMinutes` after it; events without a service
 * count for the service most often seen with their `system_id` in the same span. Pure.
 */
import type { SqlParam } from '../db/run-query.ts'
import type { SqlFragment } from './sql-fragment.ts'

const minute = 60_000

/** The category an event is evidence for; the SQL twin of `categoryOf` in `analysis/episode.ts`. */
export const categorySql = `CASE
    WHEN nullif(category, '') IS NOT NULL THEN category
    WHEN action = 'security_breach' OR attack_type IS NOT NULL OR is_security THEN 'Security Breach'
    WHEN action = 'data_corruption' OR is_data_loss_risk THEN 'Data Corruption'
    WHEN action IN ('performance_degradation', 'resource_threshold')
      THEN 'Performance Degradation'
    WHEN is_outage THEN 'Service Outage'
  END`

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
  const to = t + afterMinutes * minute
  const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10)
  const list = services.length > 0 ? services : [null]
  const params: SqlParam[] = [...list, from, to, day(from), day(to)]
  const sql = `WITH wanted(service) AS (VALUES ${list.map(() => '(CAST(? AS VARCHAR))').join(', ')}),
    win AS (
      SELECT epoch_ms(event_time) AS ms, service, system_id, level, ${categorySql} AS category
      FROM incidents
      WHERE event_time >= epoch_ms(CAST(? AS BIGINT)) AND event_time <= epoch_ms(CAST(? AS BIGINT))
        AND date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)
    ),
    failures AS (SELECT * FROM win WHERE level <> 'INFO' AND category IS NOT NULL),
    owners AS (
      SELECT system_id, arg_max(service, n) AS owner FROM (
        SELECT system_id, service, count(*) AS n FROM failures
        WHERE service IS NOT NULL AND system_id IS NOT NULL GROUP BY ALL
      ) GROUP BY system_id
    )
    SELECT coalesce(f.service, o.owner) AS service, f.ms // ${minute} * ${minute} AS minute,
      count(*) AS failures
    FROM failures f LEFT JOIN owners o ON f.service IS NULL AND o.system_id = f.system_id
    WHERE coalesce(f.service, o.owner) IN (SELECT service FROM wanted)
    GROUP BY ALL ORDER BY service, minute`
  return { sql, params }
}
