/**
 * The failures around an incident, each tied to a service: the CTEs `failures` (WARNING and
 * ERROR events that are evidence for a category, the category derived as the analysis derives
 * it, in a span of event time) and `attributed` (those of a bound list of services; an event
 * without a service counts for the service most often seen with its `system_id` in the span, as
 * security breaches and data corruption name only a system). Both the failure-rate charts and the
 * anomaly keys of the root-cause analysis read them. Pure.
 */
import type { SqlParam } from '../db/run-query.ts'
import { eventTimeWithin, type SqlFragment } from './sql-fragment.ts'

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
 * `WITH …` up to and including `attributed(event_id, ms, service, system_id, category, linked)`,
 * `linked` when the service came from the system; for
 * events from `from` to `to` (epoch ms, inclusive). The caller appends its SELECT. A system's
 * owner is learned from the failures from `ownersFrom` on (`from` by default): on a busy stream
 * a system id turns up with many services over an hour, but within minutes with the one it is.
 *
 * @example
 * const w = attributedFailuresSql(t - 3_600_000, t, ['database'])
 * const q = { sql: `${w.sql} SELECT count(*) FROM attributed`, params: w.params }
 */
export function attributedFailuresSql(
  from: number,
  to: number,
  services: readonly string[],
  ownersFrom = from,
): SqlFragment {
  const list = services.length > 0 ? services : [null]
  const within = eventTimeWithin(from, to)
  const params: SqlParam[] = [...list, ...within.params, ownersFrom]
  const sql = `WITH wanted(service) AS (VALUES ${list.map(() => '(CAST(? AS VARCHAR))').join(', ')}),
    win AS (
      SELECT event_id, epoch_ms(event_time) AS ms, service, system_id, level,
        ${categorySql} AS category
      FROM incidents
      WHERE ${within.sql}
    ),
    failures AS (SELECT * FROM win WHERE level <> 'INFO' AND category IS NOT NULL),
    owners AS (
      SELECT system_id, arg_max(service, n) AS owner FROM (
        SELECT system_id, service, count(*) AS n FROM failures
        WHERE service IS NOT NULL AND system_id IS NOT NULL AND ms >= CAST(? AS BIGINT)
        GROUP BY ALL
      ) GROUP BY system_id
    ),
    attributed AS (
      SELECT f.event_id, f.ms, coalesce(f.service, o.owner) AS service, f.system_id, f.category,
        f.service IS NULL AS linked
      FROM failures f LEFT JOIN owners o ON f.service IS NULL AND o.system_id = f.system_id
      WHERE coalesce(f.service, o.owner) IN (SELECT service FROM wanted)
    )`
  return { sql, params }
}
