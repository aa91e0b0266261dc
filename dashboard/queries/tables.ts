/**
 * Queries over the two derived tables: the hourly summary and the alerts, newest window first,
 * filtered by window range and by their key columns, with a bounded limit. The summary includes
 * the open hours' running rows, marked `provisional` (db/live-summary-sql.ts).
 */
import type { DashboardDb } from '../db/dashboard-db.ts'
import type { JsonSafe } from '../db/json-safe.ts'
import { rowObjects } from '../db/run-query.ts'
import { timeRange } from './incident-filter.ts'
import { frag, where, type SqlFragment } from './sql-fragment.ts'

export interface SummaryFilter {
  from?: number
  to?: number
  dimension?: 'service_level' | 'category'
  service?: string
  level?: string
  category?: string
  limit: number
}

export interface AlertFilter {
  from?: number
  to?: number
  rule?: string
  key?: string
  limit: number
}

export function hourlySummarySql(f: SummaryFilter): SqlFragment {
  const w = where([
    ...timeRange('window_start', f.from, f.to),
    f.dimension && frag('dimension = ?', f.dimension),
    f.service ? frag('service = ?', f.service) : undefined,
    f.level ? frag('level = ?', f.level) : undefined,
    f.category ? frag('category = ?', f.category) : undefined,
  ])
  return {
    sql: `SELECT * FROM hourly_summary_live ${w.sql}
      ORDER BY window_start DESC, dimension, service, level, category LIMIT ?`,
    params: [...w.params, f.limit],
  }
}

export function alertsSql(f: AlertFilter): SqlFragment {
  const w = where([
    ...timeRange('window_start', f.from, f.to),
    f.rule ? frag('rule = ?', f.rule) : undefined,
    f.key ? frag('key = ?', f.key) : undefined,
  ])
  return {
    sql: `SELECT * EXCLUDE (date, hour) FROM alerts ${w.sql} ORDER BY fired_at DESC, alert_id DESC LIMIT ?`,
    params: [...w.params, f.limit],
  }
}

type Rows = Record<string, JsonSafe>[]

/** @example const rows = await hourlySummary(db, { dimension: 'category', limit: 100 }) */
export async function hourlySummary(db: DashboardDb, f: SummaryFilter): Promise<Rows> {
  const q = hourlySummarySql(f)
  return rowObjects(await db.query(q.sql, q.params))
}

/** @example const rows = await alerts(db, { limit: 20 }) */
export async function alerts(db: DashboardDb, f: AlertFilter): Promise<Rows> {
  const q = alertsSql(f)
  return rowObjects(await db.query(q.sql, q.params))
}
