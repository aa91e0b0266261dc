/**
 * The batch recomputation the chaos verifier compares the streaming outputs with: hourly
 * summaries in DuckDB SQL over the committed incident files (the alerts: recompute-alerts.ts),
 * without the late events (which the streaming windows sent to the late topic instead). Distinct incidents come back as
 * the list of ids, which the verifier counts with the summary's own distinct count: exact up to
 * its limit, and the same sketch estimate above it.
 */
export const summarySql = (table: string): string => `
WITH base AS (
  SELECT *, epoch_ms(time_bucket(INTERVAL 1 hour, event_time)) AS window_start FROM ${table}
), keyed AS (
  SELECT *, 'service_level' AS dimension, service AS k1, level::VARCHAR AS k2 FROM base
  UNION ALL
  SELECT *, 'category' AS dimension, category AS k1, NULL AS k2 FROM base
), durations AS (
  SELECT window_start, dimension, k1, k2, list_sort(list(duration_minutes)) AS d
  FROM keyed WHERE lifecycle_stage IN ('resolved', 'recovered') AND duration_minutes IS NOT NULL
  GROUP BY ALL
)
SELECT k.window_start, k.dimension, k.k1, k.k2,
  count(*) AS event_count,
  coalesce(list(DISTINCT incident_id) FILTER (WHERE incident_id IS NOT NULL), []) AS incident_ids,
  coalesce(sum(affected_users), 0) AS affected_users_sum,
  max(affected_users) AS affected_users_max,
  count(*) FILTER (WHERE severity_normalized = 'critical') AS critical_count,
  count(*) FILTER (WHERE action = 'security_breach') AS security_breach_count,
  count(*) FILTER (WHERE action = 'data_corruption') AS data_corruption_count,
  coalesce(any_value(len(d.d)), 0) AS duration_count,
  any_value(d.d[greatest(1, ceil(0.5 * len(d.d)))::INT]) AS duration_p50,
  any_value(d.d[greatest(1, ceil(0.95 * len(d.d)))::INT]) AS duration_p95,
  any_value(list_max(d.d)) AS duration_max,
  epoch_ms(min(event_time)) AS first_event_time,
  epoch_ms(max(event_time)) AS last_event_time
FROM keyed k LEFT JOIN durations d
  ON d.window_start = k.window_start AND d.dimension = k.dimension
  AND d.k1 IS NOT DISTINCT FROM k.k1 AND d.k2 IS NOT DISTINCT FROM k.k2
GROUP BY ALL`
