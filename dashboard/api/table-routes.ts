/**
 * REST routes over the derived tables: `GET /api/hourly-summary` and `GET /api/alerts`, newest
 * window first, filtered by window range and key columns.
 */
import { createRoute } from '@hono/zod-openapi'
import type { DashboardDb } from '../db/dashboard-db.ts'
import { alerts, hourlySummary } from '../queries/tables.ts'
import { alertQuerySchema, problemResponse, rowsSchema, summaryQuerySchema } from './schemas.ts'
import type { App } from './app-env.ts'

const ms = (iso: string | undefined): number | undefined =>
  iso === undefined ? undefined : Date.parse(iso)

export const hourlySummaryRoute = createRoute({
  method: 'get',
  path: '/api/hourly-summary',
  summary: 'Hourly aggregates per (service, level) and per category',
  description:
    'Closed hours as the topology committed them (`provisional: false`), and the hours still ' +
    'open as a running summary of the committed incidents (`provisional: true`), replaced by ' +
    'the closed rows when the hour closes. SQL users read the same rows from `hourly_summary_live`.',
  security: [{ Bearer: [] }],
  request: { query: summaryQuerySchema },
  responses: {
    200: { description: 'Summary rows', content: { 'application/json': { schema: rowsSchema } } },
    400: problemResponse('Invalid filter'),
    401: problemResponse('Missing or wrong token'),
  },
})

export const alertsRoute = createRoute({
  method: 'get',
  path: '/api/alerts',
  summary: 'Alert rule firings, newest first',
  security: [{ Bearer: [] }],
  request: { query: alertQuerySchema },
  responses: {
    200: { description: 'Alerts', content: { 'application/json': { schema: rowsSchema } } },
    400: problemResponse('Invalid filter'),
    401: problemResponse('Missing or wrong token'),
  },
})

/**
 * @example
 * registerTableRoutes(app, { db })
 */
export function registerTableRoutes(app: App, deps: { db: DashboardDb }): void {
  app.openapi(hourlySummaryRoute, async (c) => {
    const q = c.req.valid('query')
    return c.json(
      { items: await hourlySummary(deps.db, { ...q, from: ms(q.from), to: ms(q.to) }) },
      200,
    )
  })
  app.openapi(alertsRoute, async (c) => {
    const q = c.req.valid('query')
    return c.json({ items: await alerts(deps.db, { ...q, from: ms(q.from), to: ms(q.to) }) }, 200)
  })
}
