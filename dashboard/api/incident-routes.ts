/**
 * REST routes over incidents: `GET /api/incidents` (filtered by time range, level, service,
 * category and text; keyset-paginated) and `GET /api/incidents/{id}` (one incident by event id or
 * incident id, with its correlated incidents and why each was picked).
 */
import { createRoute } from '@hono/zod-openapi'
import type { DashboardDb } from '../db/dashboard-db.ts'
import { type CorrelationOptions, incidentDetail } from '../queries/incident-detail.ts'
import { listIncidents } from '../queries/list-incidents.ts'
import {
  detailQuerySchema,
  incidentDetailSchema,
  incidentIdParam,
  incidentPageSchema,
  incidentQuerySchema,
  problemResponse,
  toFilter,
} from './schemas.ts'
import type { App } from './app-env.ts'

export const listIncidentsRoute = createRoute({
  method: 'get',
  path: '/api/incidents',
  summary: 'Committed incidents, newest first',
  security: [{ Bearer: [] }],
  request: { query: incidentQuerySchema },
  responses: {
    200: {
      description: 'One page of incidents',
      content: { 'application/json': { schema: incidentPageSchema } },
    },
    400: problemResponse('Invalid filter or cursor'),
    401: problemResponse('Missing or wrong token'),
  },
})

export const incidentDetailRoute = createRoute({
  method: 'get',
  path: '/api/incidents/{id}',
  summary:
    'One incident with its correlated incidents (same service, upstream or downstream in the service map within ± window; same incident id)',
  security: [{ Bearer: [] }],
  request: { params: incidentIdParam, query: detailQuerySchema },
  responses: {
    200: {
      description: 'The incident',
      content: { 'application/json': { schema: incidentDetailSchema } },
    },
    400: problemResponse('Invalid id or window'),
    401: problemResponse('Missing or wrong token'),
    404: problemResponse('No such incident'),
  },
})

/**
 * @example
 * registerIncidentRoutes(app, { db, correlation: { windowMinutes: 30, hops: 2, map } })
 */
export function registerIncidentRoutes(
  app: App,
  deps: { db: DashboardDb; correlation: CorrelationOptions },
): void {
  app.openapi(listIncidentsRoute, async (c) => {
    const q = c.req.valid('query')
    const page = await listIncidents(deps.db, toFilter(q), { limit: q.limit, cursor: q.cursor })
    return c.json(page, 200)
  })

  app.openapi(incidentDetailRoute, async (c) => {
    const { id } = c.req.valid('param')
    const q = c.req.valid('query')
    const correlation = {
      ...deps.correlation,
      windowMinutes: q.window_minutes ?? deps.correlation.windowMinutes,
      hops: q.hops ?? deps.correlation.hops,
    }
    return c.json(await incidentDetail(deps.db, id, correlation), 200)
  })
}
