/**
 * Starts the dashboard: opens the hardened database over the data directory, watches the
 * manifests, builds the app and listens. `close()` (wired to SIGTERM/SIGINT by the CLI) stops
 * accepting connections, ends live streams, waits for in-flight requests up to a deadline, then
 * closes DuckDB.
 */
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import type { Logger } from 'pino'
import type { Analyzer } from './analysis/index.ts'
import { createApp } from './api/create-app.ts'
import type { DashboardConfig } from './config.ts'
import { dbOptionsFrom, openDashboardDb } from './db/dashboard-db.ts'
import { createPipelineHealth } from './health/pipeline-health.ts'
import type { ServiceMap } from '../transforms/service-map.ts'

export interface DashboardServer {
  url: string
  close(): Promise<void>
}

export interface StartOptions {
  logger: Logger
  analyzer: Analyzer | false
  /** Dependency map for correlation; loaded from `config.serviceMapPath` when not given. */
  serviceMap?: ServiceMap
  /** Time given to in-flight requests on shutdown. */
  shutdownGraceMs?: number
}

/**
 * @example
 * const server = await startDashboard(resolveConfig({ port: 0 }), { logger, analyzer: false })
 * await server.close()
 */
export async function startDashboard(
  config: DashboardConfig,
  o: StartOptions,
): Promise<DashboardServer> {
  const { logger } = o
  const db = await openDashboardDb(dbOptionsFrom(config, logger))
  db.views.watch(config.refreshIntervalMs)
  const pipeline = createPipelineHealth({ url: config.metricsUrl })
  const { app, hub } = createApp({
    config,
    db,
    logger,
    pipeline,
    analyzer: o.analyzer,
    serviceMap: o.serviceMap,
  })

  let server: ServerType
  try {
    server = await new Promise<ServerType>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () =>
        resolve(s),
      )
      s.once('error', reject)
    })
  } catch (err) {
    await db.close()
    throw err
  }
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  const url = `http://${host}:${address.port}`
  logger.info(
    { url, dataDir: config.dataDir, auth: config.token !== undefined },
    'dashboard listening',
  )

  let closing: Promise<void> | undefined
  return {
    url,
    close() {
      closing ??= (async () => {
        logger.info('dashboard shutting down')
        hub.closeAll()
        const closed = new Promise<void>((resolve) => server.close(() => resolve()))
        if ('closeIdleConnections' in server) server.closeIdleConnections()
        const grace = new Promise<'timeout'>((resolve) =>
          setTimeout(resolve, o.shutdownGraceMs ?? 5000, 'timeout').unref(),
        )
        if (
          (await Promise.race([closed, grace])) === 'timeout' &&
          'closeAllConnections' in server
        ) {
          logger.warn('requests still open after the grace period; closing their connections')
          server.closeAllConnections()
        }
        await db.close()
        logger.info('dashboard stopped')
      })()
      return closing
    },
  }
}
