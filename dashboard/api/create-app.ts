/**
 * Assembles the dashboard's HTTP application: security headers with a per-request CSP nonce,
 * compression, cross-site checks that spare API clients, static assets with ETags, the optional
 * token, a body limit that keeps connections usable, the REST and SQL routes (documented at `/api/openapi.json`), the live stream, the analysis routes mounted
 * under `/api`, the pages, and the single error handler. Pure wiring: every behaviour lives in
 * the modules it imports.
 */
import { OpenAPIHono } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import { compress } from 'hono/compress'
import { NONCE, secureHeaders } from 'hono/secure-headers'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Logger } from 'pino'
import { type ServiceMap } from '../../transforms/service-map.ts'
import { loadServiceMap } from '../../config/service-map-file.ts'
import { analysisRoutes, type Analyzer } from '../analysis/index.ts'
import type { DashboardConfig } from '../config.ts'
import type { DashboardDb } from '../db/dashboard-db.ts'
import type { PipelineHealth } from '../health/pipeline-health.ts'
import { bundleLoader, type CorrelationOptions } from '../queries/incident-detail.ts'
import { registerPages } from '../views/page-routes.ts'
import { errorPage } from '../views/simple-pages.ts'
import type { App, AppEnv } from './app-env.ts'
import { requireToken } from './auth.ts'
import { limitBody } from './body-limit.ts'
import { crossSiteGuard } from './cross-site.ts'
import { registerHealthRoutes } from './health-routes.ts'
import { registerIncidentRoutes } from './incident-routes.ts'
import { createLiveHub, type LiveHub } from './live-hub.ts'
import { onError, problem, validationHook } from './on-error.ts'
import { registerSqlRoutes } from './sql-routes.ts'
import { loadAssets, serveAssets } from './static-assets.ts'
import { registerStreamRoute } from './stream-route.ts'
import { registerTableRoutes } from './table-routes.ts'

export interface AppDeps {
  config: DashboardConfig
  db: DashboardDb
  logger: Logger
  pipeline: { read(): Promise<PipelineHealth> }
  /** Analyzer for the analysis routes; `false` leaves them unmounted. */
  analyzer: Analyzer | false
  /** Dependency map for correlation; loaded from `config.serviceMapPath` when not given. */
  serviceMap?: ServiceMap
  hub?: LiveHub
  healthIntervalMs?: number
  now?: () => number
}

const assets = loadAssets(new URL('../public', import.meta.url).pathname)

/**
 * @example
 * const { app, hub } = createApp({ config, db, logger, pipeline, analyzer: createAnalyzerFromEnv() })
 * serve({ fetch: app.fetch, hostname: config.host, port: config.port })
 */
export function createApp(deps: AppDeps): { app: OpenAPIHono<AppEnv>; hub: LiveHub } {
  const { config, db, logger } = deps
  const now = deps.now ?? Date.now
  const hub = deps.hub ?? createLiveHub(100)
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

  registerErrorHandlers(app, logger)
  app.use(logRequests(logger))
  app.use(pageSecurityHeaders())
  app.use(compress())
  app.use(crossSiteGuard(config.token))
  serveAssets(app, assets)
  registerHealthRoutes(app, { db, pipeline: deps.pipeline, now })
  app.use(requireToken(config.token))
  app.use('/api/sql', limitBody({ maxBytes: 256 * 1024, drainMax: 16 * 1024 * 1024 }))

  registerSqlRoutes(app, { db, limits: config.sql })
  const correlation = {
    windowMinutes: config.correlationWindowMinutes,
    hops: config.correlationHops,
    map: deps.serviceMap ?? loadServiceMap(config.serviceMapPath),
  }
  registerIncidentRoutes(app, { db, correlation })
  registerTableRoutes(app, { db })
  registerStreamRoute(app, {
    db,
    pipeline: deps.pipeline,
    hub,
    logger,
    healthIntervalMs: deps.healthIntervalMs ?? 10_000,
    now,
  })

  if (deps.analyzer) mountAnalysis(app, { db, correlation, analyzer: deps.analyzer, logger })

  registerPages(app, {
    db,
    pipeline: deps.pipeline,
    logger,
    token: config.token,
    sql: config.sql,
    correlation,
    analysis: deps.analyzer !== false,
    now,
  })

  registerApiDocs(app)
  return { app, hub }
}

const nonce = (c: Context<AppEnv>): string => c.get('secureHeadersNonce') ?? ''

/** Errors become problem documents under `/api/` and HTML error pages elsewhere. */
function registerErrorHandlers(app: App, logger: Logger): void {
  app.onError(
    onError(logger, (c, body) =>
      c.html(
        errorPage({
          nonce: nonce(c as Context<AppEnv>),
          status: body.status,
          title: body.title,
          detail: body.detail,
        }),
        body.status as ContentfulStatusCode,
      ),
    ),
  )
  app.notFound((c) => {
    if (c.req.path.startsWith('/api/'))
      return problem(c, {
        status: 404,
        code: 'not_found',
        retriable: false,
        detail: `no route ${c.req.method} ${c.req.path}`,
      })
    return c.html(
      errorPage({
        nonce: nonce(c),
        status: 404,
        title: 'Not Found',
        detail: 'There is no page at this address.',
      }),
      404,
    )
  })
}

/** Logs method, path, status and duration of each request at debug level. */
function logRequests(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now()
    await next()
    logger.debug(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    )
  }
}

/** Security headers with a strict, per-request-nonce CSP and Trusted Types. */
function pageSecurityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: [NONCE, "'strict-dynamic'"],
      styleSrc: ["'self'", NONCE],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
      requireTrustedTypesFor: ["'script'"],
      trustedTypes: ["'none'"],
    },
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  })
}

/** Mounts the analysis routes under `/api`, loading each incident's bundle from the database. */
function mountAnalysis(
  app: App,
  deps: { db: DashboardDb; correlation: CorrelationOptions; analyzer: Analyzer; logger: Logger },
): void {
  const load = bundleLoader(deps.db, deps.correlation)
  app.route(
    '/api',
    analysisRoutes({ loadBundle: load, analyzer: deps.analyzer, logger: deps.logger }),
  )
}

/** The bearer security scheme and the OpenAPI document at `/api/openapi.json`. */
function registerApiDocs(app: App): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'Bearer', {
    type: 'http',
    scheme: 'bearer',
  })
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Incident dashboard API',
      version: '1.0.0',
      description:
        'Committed incidents, hourly summaries and alerts from the incident pipeline; read-only SQL over them.',
    },
  })
}
