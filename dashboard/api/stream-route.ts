/**
 * `GET /api/stream`: Server-Sent Events for the live page. It waits for the views to change
 * (a new manifest was committed), then sends the incidents and alerts committed since the
 * client's cursor (`incidents`, `alerts` events, filtered like the list), and a `health` event
 * periodically, which doubles as a keep-alive. Each event id is the cursor, so a reconnecting
 * browser resumes through `Last-Event-ID` without gaps or repeats.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { streamSSE, type SSEStreamingApi } from 'hono/streaming'
import type { Logger } from 'pino'
import type { DashboardDb } from '../db/dashboard-db.ts'
import type { TableViews } from '../db/table-views.ts'
import { healthReport } from '../health/data-health.ts'
import type { PipelineHealth } from '../health/pipeline-health.ts'
import {
  advanceCursor,
  decodeLiveCursor,
  encodeLiveCursor,
  liveBatch,
  type LiveCursor,
} from '../queries/live-cursor.ts'
import type { LiveHub } from './live-hub.ts'
import { incidentQuerySchema, problemResponse, toFilter } from './schemas.ts'
import type { App } from './app-env.ts'

export interface StreamDeps {
  db: DashboardDb
  pipeline: { read(): Promise<PipelineHealth> }
  hub: LiveHub
  logger: Logger
  healthIntervalMs: number
  now: () => number
}

const streamQuerySchema = incidentQuerySchema
  .pick({ level: true, service: true, category: true, q: true })
  .extend({
    cursor: z
      .string()
      .max(100_000)
      .optional()
      .openapi({ description: 'Resume position (an event id).' }),
  })

export const streamRoute = createRoute({
  method: 'get',
  path: '/api/stream',
  summary: 'Live updates: new incidents and alerts since a cursor, and health (SSE)',
  security: [{ Bearer: [] }],
  request: { query: streamQuerySchema },
  responses: {
    200: {
      description: 'An event stream: ready, incidents, alerts, health',
      content: { 'text/event-stream': { schema: z.string() } },
    },
    400: problemResponse('Invalid cursor or filter'),
    401: problemResponse('Missing or wrong token'),
    503: problemResponse('Too many open streams'),
  },
})

type Wake = 'change' | 'tick' | 'abort'

/** Resolves when the views move past `version`, after `ms`, or on abort. */
function nextWake(
  views: TableViews,
  version: number,
  ms: number,
  signal: AbortSignal,
): Promise<Wake> {
  if (signal.aborted) return Promise.resolve('abort')
  if (views.version !== version) return Promise.resolve('change')
  return new Promise((resolve) => {
    const done = (wake: Wake): void => {
      clearTimeout(timer)
      unsubscribe()
      signal.removeEventListener('abort', onAbort)
      resolve(wake)
    }
    const onAbort = (): void => done('abort')
    const timer = setTimeout(() => done('tick'), ms)
    const unsubscribe = views.subscribe(() => done('change'))
    signal.addEventListener('abort', onAbort)
  })
}

/**
 * @example
 * registerStreamRoute(app, { db, pipeline, hub, logger, healthIntervalMs: 10_000, now: Date.now })
 */
export function registerStreamRoute(app: App, deps: StreamDeps): void {
  app.openapi(streamRoute, (c) => {
    const q = c.req.valid('query')
    const filter = toFilter(q)
    const resume = q.cursor ?? c.req.header('last-event-id')
    const initial = resume ? decodeLiveCursor(resume) : undefined
    const lease = deps.hub.open()
    c.header('cache-control', 'no-store')
    c.header('x-accel-buffering', 'no')

    const sendHealth = async (stream: SSEStreamingApi): Promise<void> => {
      const report = await healthReport(deps.db, await deps.pipeline.read(), deps.now())
      await stream.writeSSE({ event: 'health', data: JSON.stringify(report) })
    }

    return streamSSE(
      c,
      async (stream) => {
        stream.onAbort(() => lease.close())
        try {
          let version = deps.db.views.version
          let cursor: LiveCursor =
            initial ?? (await advanceCursor(deps.db, { offsets: [], alert: null }))
          await stream.writeSSE({
            event: 'ready',
            id: encodeLiveCursor(cursor),
            retry: 3000,
            data: '{}',
          })
          await sendHealth(stream)
          for (;;) {
            const wake = await nextWake(deps.db.views, version, deps.healthIntervalMs, lease.signal)
            if (wake === 'abort') break
            if (wake === 'change') {
              version = deps.db.views.version
              const batch = await liveBatch(deps.db, cursor, filter, 100)
              cursor = batch.cursor
              const id = encodeLiveCursor(cursor)
              if (batch.incidents.length > 0)
                await stream.writeSSE({
                  event: 'incidents',
                  id,
                  data: JSON.stringify(batch.incidents),
                })
              if (batch.alerts.length > 0)
                await stream.writeSSE({ event: 'alerts', id, data: JSON.stringify(batch.alerts) })
            }
            await sendHealth(stream)
          }
        } finally {
          lease.close()
        }
      },
      async (err, stream) => {
        deps.logger.error({ err }, 'live stream failed')
        await stream.writeSSE({
          event: 'problem',
          data: JSON.stringify({ detail: 'the live stream failed; reconnecting' }),
        })
      },
    )
  })
}
