/**
 * Routes of the server-rendered pages: `/` (overview), `/incidents/:id`, `/sql` and `/login`.
 * Handlers validate the query, run the queries in parallel and render; page responses are never
 * cached, since they show live data.
 */
import { setCookie } from 'hono/cookie'
import type { Logger } from 'pino'
import { z } from 'zod'
import type { App } from '../api/app-env.ts'
import { detailQuerySchema, incidentIdParam } from '../api/schemas.ts'
import { safeEqual, safeNext, sessionCookie, sessionValue } from '../api/auth.ts'
import type { SqlLimits } from '../config.ts'
import type { DashboardDb } from '../db/dashboard-db.ts'
import { InvalidInputError } from '../errors.ts'
import type { PipelineHealth } from '../health/pipeline-health.ts'
import { failureBaselines } from '../queries/failure-baselines.ts'
import { type CorrelationOptions, incidentDetail } from '../queries/incident-detail.ts'
import { listIncidents } from '../queries/list-incidents.ts'
import { dataExtent, filterChoices } from '../queries/data-extent.ts'
import { overview } from '../queries/overview.ts'
import { alerts } from '../queries/tables.ts'
import { renderCharts } from './chart-panel.ts'
import { failureRatePanel } from './failure-rate-panel.ts'
import { incidentPage } from './incident-page.ts'
import { overviewPage } from './overview-page.ts'
import { pageFilter, parsePageQuery } from './page-query.ts'
import { loginPage } from './simple-pages.ts'
import { sqlPage } from './sql-page.ts'

export interface PageDeps {
  db: DashboardDb
  pipeline: { read(): Promise<PipelineHealth> }
  logger: Logger
  token: string | undefined
  sql: SqlLimits
  correlation: CorrelationOptions
  analysis: boolean
  now: () => number
}

const loginForm = z.strictObject({
  token: z.string().min(1).max(1000),
  next: z.string().max(2000).optional(),
})

/**
 * @example
 * registerPages(app, { db, pipeline, logger, token, sql: config.sql, correlation, analysis: true, now: Date.now })
 */
export function registerPages(app: App, deps: PageDeps): void {
  registerOverviewPage(app, deps)
  registerIncidentPage(app, deps)
  app.get('/sql', (c) =>
    c.html(
      sqlPage({ nonce: nonceOf(c), maxRows: deps.sql.maxRows, timeoutMs: deps.sql.timeoutMs }),
    ),
  )
  registerLoginPages(app, deps)
}

const nonceOf = (c: { get(key: 'secureHeadersNonce'): string | undefined }): string =>
  c.get('secureHeadersNonce') ?? ''

/** `/`: KPIs, charts, recent alerts and the incident feed for the filtered range. */
function registerOverviewPage(app: App, deps: PageDeps): void {
  app.get('/', async (c) => {
    const query = parsePageQuery(c.req.query())
    const extent = await dataExtent(deps.db)
    const anchor = extent.max
    const filter = pageFilter(query, anchor ?? deps.now())
    const [data, page, recentAlerts, choices, pipeline] = await Promise.all([
      overview(deps.db, filter),
      listIncidents(deps.db, filter, { limit: 50, cursor: query.cursor }),
      alerts(deps.db, { from: filter.from, to: filter.to, limit: 5 }),
      filterChoices(deps.db),
      deps.pipeline.read(),
    ])
    const nonce = nonceOf(c)
    const manifestAt =
      deps.db.views.states().find((s) => s.table === 'incidents')?.updatedAt ?? null
    c.header('cache-control', 'no-store')
    return c.html(
      overviewPage({
        nonce,
        query,
        anchor,
        kpis: data.kpis,
        charts: renderCharts(data, { nonce, logger: deps.logger }),
        alerts: recentAlerts,
        feed: page.items,
        nextCursor: page.next_cursor,
        choices,
        pipeline,
        manifestAt,
      }),
    )
  })
}

/** `/incidents/:id`: one incident, its correlated neighbours and the failure-rate baselines. */
function registerIncidentPage(app: App, deps: PageDeps): void {
  app.get('/incidents/:id', async (c) => {
    const id = incidentIdParam.safeParse({ id: c.req.param('id') })
    const q = detailQuerySchema.safeParse(c.req.query())
    if (!id.success) throw InvalidInputError.fromIssues('incident id', id.error.issues)
    if (!q.success) throw InvalidInputError.fromIssues('query', q.error.issues)
    const detail = await incidentDetail(deps.db, id.data.id, {
      ...deps.correlation,
      windowMinutes: q.data.window_minutes ?? deps.correlation.windowMinutes,
      hops: q.data.hops ?? deps.correlation.hops,
    })
    const rates = await failureBaselines(deps.db, detail.incident, {
      map: deps.correlation.map,
      hops: detail.hops,
    })
    const nonce = nonceOf(c)
    const at = Date.parse(String(detail.incident.event_time))
    const failures = failureRatePanel({ rates, at, nonce, logger: deps.logger })
    c.header('cache-control', 'no-store')
    return c.html(incidentPage({ nonce, detail, analysis: deps.analysis, failures }))
  })
}

/** `GET /login` shows the token form; `POST /login` checks the token and sets the session cookie. */
function registerLoginPages(app: App, deps: PageDeps): void {
  app.get('/login', (c) => {
    if (deps.token === undefined) return c.redirect('/', 303)
    return c.html(
      loginPage({
        nonce: nonceOf(c),
        next: safeNext(c.req.query('next')),
        failed: c.req.query('failed') === '1',
      }),
    )
  })

  app.post('/login', async (c) => {
    const form = loginForm.safeParse(await c.req.parseBody())
    if (deps.token === undefined) return c.redirect('/', 303)
    if (!form.success) throw new InvalidInputError('invalid sign-in form')
    const next = safeNext(form.data.next)
    if (!safeEqual(form.data.token, deps.token)) {
      deps.logger.warn({ path: '/login' }, 'sign-in with a wrong token')
      return c.redirect(`/login?failed=1&next=${encodeURIComponent(next)}`, 303)
    }
    setCookie(c, sessionCookie, sessionValue(deps.token), {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
    })
    return c.redirect(next, 303)
  })
}
