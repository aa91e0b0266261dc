/**
 * The open hour, visible before it closes: the view `hourly_summary_live` holds every closed
 * `hourly_summary` row (`provisional = false`, exactly once, as the topology committed it) and,
 * for each hour after the last closed one, the running summary computed from the committed
 * `incidents` (`provisional = true`). Those rows change as incidents arrive and are replaced by
 * the closed rows when the hour's window closes. The aggregates follow schemas/hourly-summary.avsc
 * and transforms/hourly-summary-fn.ts (nearest-rank duration percentiles); the fixtures derive
 * their `hourly_summary` from the same SQL.
 */

const mttr = `FILTER (WHERE lifecycle_stage IN ('resolved', 'recovered') AND duration_minutes IS NOT NULL)`

/** The measures of one summary row, over rows of `incidents` grouped by hour and key. */
export const summaryAggregatesSql = `
  count(*) AS event_count,
  count(DISTINCT incident_id) AS distinct_incidents,
  coalesce(sum(affected_users), 0) AS affected_users_sum,
  max(affected_users) AS affected_users_max,
  count(*) FILTER (WHERE severity_normalized = 'critical') AS critical_count,
  count(*) FILTER (WHERE action = 'security_breach') AS security_breach_count,
  count(*) FILTER (WHERE action = 'data_corruption') AS data_corruption_count,
  count(duration_minutes) ${mttr} AS duration_count,
  avg(duration_minutes) ${mttr} AS duration_mean,
  quantile_disc(duration_minutes, 0.5) ${mttr} AS duration_p50,
  quantile_disc(duration_minutes, 0.95) ${mttr} AS duration_p95,
  max(duration_minutes) ${mttr} AS duration_max,
  min(event_time) AS first_event_time,
  max(event_time) AS last_event_time,
  false AS saw_late_input`

/** Hourly summary rows of the incidents in `source` (a table, view or CTE name). */
export function summaryRowsSql(source: string): string {
  const hour = `time_bucket(INTERVAL 1 HOUR, event_time)`
  return `
SELECT ${hour} AS window_start, ${hour} + INTERVAL 1 HOUR AS window_end,
  'service_level' AS dimension, service, level, CAST(NULL AS VARCHAR) AS category,
  ${summaryAggregatesSql}
FROM ${source} GROUP BY ALL
UNION ALL
SELECT ${hour} AS window_start, ${hour} + INTERVAL 1 HOUR AS window_end,
  'category' AS dimension, CAST(NULL AS VARCHAR) AS service, CAST(NULL AS VARCHAR) AS level,
  category, ${summaryAggregatesSql}
FROM ${source} GROUP BY ALL`
}

/** Creates (or replaces) `hourly_summary_live` over the `incidents` and `hourly_summary` views. */
export const liveSummaryViewSql = `
CREATE OR REPLACE VIEW hourly_summary_live AS
WITH open_incidents AS (
  SELECT * FROM incidents
  WHERE event_time >= coalesce(
    (SELECT max(window_start) + INTERVAL 1 HOUR FROM hourly_summary), '-infinity'::TIMESTAMP)
),
running AS (${summaryRowsSql('open_incidents')})
SELECT * EXCLUDE (date, hour), false AS provisional FROM hourly_summary
UNION ALL BY NAME
SELECT *, true AS provisional FROM running`
