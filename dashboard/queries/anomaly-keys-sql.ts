/**
 * The SQL of the anomaly keys around an incident: over the attributed failures of a bound list of
 * services (`attributed-failures-sql.ts`), per (service, system id) apart for the failures that
 * name the service and those tied to it through the system (a system id turns up with several
 * services, so a service seen once with it must not collect every breach on it), and per
 * (service, category) for the failures that name no system (incident reports), the times of the failures of the
 * baseline span before the recent span, and the recent failures themselves
 * (time and event id, oldest first, at most `maxRecent`). Keys with fewer than `minRecent` recent
 * failures are left out: they cannot be an anomaly worth ranking, except the incident reports of
 * the incident's own service, where one report can tell what happened. Pure.
 */
import { attributedFailuresSql } from './attributed-failures-sql.ts'
import type { SqlFragment } from './sql-fragment.ts'

export interface AnomalyKeysSpan {
  /** Start of the baseline span, epoch ms; it ends where the recent span starts. */
  baselineFrom: number
  recentFrom: number
  /** End of the recent span, epoch ms, inclusive. */
  recentTo: number
  minRecent: number
  maxRecent: number
  /** The incident's own service: its incident reports are scored from a single one on. */
  ownService: string | null
}

/**
 * @example
 * const q = anomalyKeysSql(['database', 'payment-service'], span)
 * // rows: { service, system_id, category, linked, baseline: [ms], recent: [{ ms, event_id }] }
 */
export function anomalyKeysSql(services: readonly string[], s: AnomalyKeysSpan): SqlFragment {
  const w = attributedFailuresSql(s.baselineFrom, s.recentTo, services, s.recentFrom)
  const sql = `${w.sql}
    , keyed AS (
      SELECT service, system_id, CAST(NULL AS VARCHAR) AS category, linked, ms, event_id
      FROM attributed WHERE system_id IS NOT NULL
      UNION ALL
      SELECT service, NULL, category, false, ms, event_id FROM attributed WHERE system_id IS NULL
    )
    SELECT service, system_id, category, linked,
      coalesce(list(ms ORDER BY ms) FILTER (WHERE ms < CAST(? AS BIGINT)), []) AS baseline,
      list_slice(
        list({ms: ms, event_id: event_id} ORDER BY ms, event_id) FILTER (WHERE ms >= CAST(? AS BIGINT)),
        1, CAST(? AS INTEGER)) AS recent
    FROM keyed GROUP BY ALL
    HAVING count(*) FILTER (WHERE ms >= CAST(? AS BIGINT)) >= CAST(? AS INTEGER)
      OR (service = CAST(? AS VARCHAR) AND system_id IS NULL
        AND count(*) FILTER (WHERE ms >= CAST(? AS BIGINT)) >= 1)
    ORDER BY service, system_id NULLS LAST, category NULLS LAST, linked`
  return {
    sql,
    params: [
      ...w.params,
      s.recentFrom,
      s.recentFrom,
      s.maxRecent,
      s.recentFrom,
      s.minRecent,
      s.ownService,
      s.recentFrom,
    ],
  }
}
