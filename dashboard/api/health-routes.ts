/**
 * `GET /api/health`: DuckDB reachability, each table's manifest age and file count, data
 * freshness, and the topology's own health scraped from its metrics endpoint. 200 when the
 * dashboard can serve data, 503 (same body) when it cannot; the topology being down is reported
 * in `pipeline` without failing the check. `GET /healthz` is a token-free liveness probe.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { DashboardDb } from '../db/dashboard-db.ts'
import { healthReport } from '../health/data-health.ts'
import type { PipelineHealth } from '../health/pipeline-health.ts'
import { problemResponse } from './schemas.ts'
import type { App } from './app-env.ts'

export interface HealthDeps {
  db: DashboardDb
  pipeline: { read(): Promise<PipelineHealth> }
  now: () => number
}

const healthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    checked_at: z.string(),
    duckdb: z.object({ ok: z.boolean(), error: z.string().nullable() }),
    tables: z.array(
      z.object({
        table: z.string(),
        committed: z.boolean(),
        manifest_updated_at: z.string().nullable(),
        manifest_age_ms: z.number().nullable(),
        files: z.number().int(),
        error: z.string().nullable(),
      }),
    ),
    freshness: z.object({
      latest_event_time: z.string().nullable(),
      lag_ms: z.number().nullable(),
    }),
    pipeline: z.record(z.string(), z.unknown()),
  })
  .openapi('Health')

export const healthRoute = createRoute({
  method: 'get',
  path: '/api/health',
  summary: 'Data freshness, manifest ages, DuckDB and pipeline health',
  security: [{ Bearer: [] }],
  responses: {
    200: { description: 'Healthy', content: { 'application/json': { schema: healthSchema } } },
    401: problemResponse('Missing or wrong token'),
    503: { description: 'Degraded', content: { 'application/json': { schema: healthSchema } } },
  },
})

/**
 * @example
 * registerHealthRoutes(app, { db, pipeline, now: Date.now })
 */
export function registerHealthRoutes(app: App, deps: HealthDeps): void {
  app.get('/healthz', (c) => c.text('ok'))
  app.openapi(healthRoute, async (c) => {
    const report = await healthReport(deps.db, await deps.pipeline.read(), deps.now())
    c.header('cache-control', 'no-store')
    return c.json(report, report.status === 'ok' ? 200 : 503)
  })
}
