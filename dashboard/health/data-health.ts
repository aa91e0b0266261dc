/**
 * Health of the data the dashboard serves: whether DuckDB answers, each table's manifest (present,
 * age, file count, refresh error) and how fresh the newest committed incident is, combined with
 * the pipeline's own health into one report with an overall status.
 */
import type { DashboardDb } from '../db/dashboard-db.ts'
import { dataExtent } from '../queries/data-extent.ts'
import type { PipelineHealth } from './pipeline-health.ts'

export interface HealthReport {
  status: 'ok' | 'degraded'
  checked_at: string
  duckdb: { ok: boolean; error: string | null }
  tables: {
    table: string
    committed: boolean
    manifest_updated_at: string | null
    manifest_age_ms: number | null
    files: number
    error: string | null
  }[]
  freshness: { latest_event_time: string | null; lag_ms: number | null }
  pipeline: PipelineHealth
}

/**
 * @example
 * const report = await healthReport(db, await pipeline.read(), Date.now())
 */
export async function healthReport(
  db: DashboardDb,
  pipeline: PipelineHealth,
  now: number,
): Promise<HealthReport> {
  let duckdb: HealthReport['duckdb'] = { ok: true, error: null }
  let latest: number | null = null
  try {
    await db.views.ensureFresh()
    await db.ping()
    latest = (await dataExtent(db)).max
  } catch (err) {
    duckdb = { ok: false, error: err instanceof Error ? err.message : String(err) }
  }
  const tables = db.views.states().map((s) => ({
    table: s.table,
    committed: s.committed,
    manifest_updated_at: s.updatedAt === null ? null : new Date(s.updatedAt).toISOString(),
    manifest_age_ms: s.updatedAt === null ? null : Math.max(0, now - s.updatedAt),
    files: s.files,
    error: s.error,
  }))
  const degraded = !duckdb.ok || tables.some((t) => t.error !== null)
  return {
    status: degraded ? 'degraded' : 'ok',
    checked_at: new Date(now).toISOString(),
    duckdb,
    tables,
    freshness: {
      latest_event_time: latest === null ? null : new Date(latest).toISOString(),
      lag_ms: latest === null ? null : Math.max(0, now - latest),
    },
    pipeline,
  }
}
