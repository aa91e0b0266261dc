/**
 * Data of the overview page for one filter: KPIs (total, ERROR, WARNING, affected services) and
 * the datasets the charts draw: incidents per hour by level, service × hour counts, the
 * category breakdown and MTTR per service (mean, median and p95 duration of resolved and
 * recovered events). The KPIs are sums over the per-hour datasets rather than a fifth scan; the
 * four queries run in parallel on pooled connections.
 */
import type { DashboardDb } from '../db/dashboard-db.ts'
import type { JsonSafe } from '../db/json-safe.ts'
import { rowObjects } from '../db/run-query.ts'
import { incidentWhere, type IncidentFilter } from './incident-filter.ts'
import { frag, type SqlFragment } from './sql-fragment.ts'

export interface Kpis {
  total: number
  errors: number
  warnings: number
  services: number
}

export type Rows = Record<string, JsonSafe>[]

export interface OverviewData {
  kpis: Kpis
  perHourByLevel: Rows
  serviceByHour: Rows
  categories: Rows
  mttrByService: Rows
}

type Datasets = Exclude<keyof OverviewData, 'kpis'>

const hour = 'time_bucket(INTERVAL 1 HOUR, event_time)'

/** The SQL of each overview dataset. */
export function overviewSql(filter: IncidentFilter): Record<Datasets, SqlFragment> {
  const w = incidentWhere(filter)
  const withService = incidentWhere(filter, [frag('service IS NOT NULL')])
  const resolved = incidentWhere(filter, [
    frag(`lifecycle_stage IN ('resolved', 'recovered') AND duration_minutes IS NOT NULL`),
  ])
  return {
    perHourByLevel: {
      sql: `SELECT ${hour} AS hour, level, count(*) AS count FROM incidents ${w.sql} GROUP BY ALL ORDER BY ALL`,
      params: w.params,
    },
    serviceByHour: {
      sql: `SELECT service, ${hour} AS hour, count(*) AS count FROM incidents ${withService.sql} GROUP BY ALL ORDER BY ALL`,
      params: withService.params,
    },
    categories: {
      sql: `SELECT category, count(*) AS count FROM incidents ${w.sql} GROUP BY ALL ORDER BY count DESC, category`,
      params: w.params,
    },
    mttrByService: {
      sql: `SELECT service, avg(duration_minutes) AS mttr_mean, quantile_cont(duration_minutes, 0.5) AS mttr_p50,
        quantile_cont(duration_minutes, 0.95) AS mttr_p95, count(*) AS samples
        FROM incidents ${resolved.sql} GROUP BY service ORDER BY mttr_mean DESC, service`,
      params: resolved.params,
    },
  }
}

/**
 * @example
 * const data = await overview(db, { from, to, levels: ['ERROR'] })
 */
export async function overview(db: DashboardDb, filter: IncidentFilter): Promise<OverviewData> {
  const q = overviewSql(filter)
  const run = async (f: SqlFragment): Promise<Rows> => rowObjects(await db.query(f.sql, f.params))
  const [perHourByLevel, serviceByHour, categories, mttrByService] = await Promise.all([
    run(q.perHourByLevel),
    run(q.serviceByHour),
    run(q.categories),
    run(q.mttrByService),
  ])
  return {
    kpis: kpisOf(perHourByLevel, serviceByHour),
    perHourByLevel,
    serviceByHour,
    categories,
    mttrByService,
  }
}

/** Total, ERROR and WARNING counts from the per-hour rows; affected services from the heatmap's. */
export function kpisOf(perHourByLevel: Rows, serviceByHour: Rows): Kpis {
  const sum = (level?: string): number =>
    perHourByLevel.reduce(
      (n, r) => (level === undefined || r.level === level ? n + Number(r.count) : n),
      0,
    )
  return {
    total: sum(),
    errors: sum('ERROR'),
    warnings: sum('WARNING'),
    services: new Set(serviceByHour.map((r) => r.service)).size,
  }
}
