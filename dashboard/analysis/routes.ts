/**
 * HTTP surface of the analysis: `POST /incidents/{id}/analysis`, documented with
 * @hono/zod-openapi, meant to be mounted under `/api`. The response follows `Accept`:
 * `text/event-stream` streams `progress` events, then one `result` or `error` event;
 * `text/html` returns the escaped fragment of `renderAnalysisHtml`; anything else gets JSON.
 * `?refresh=true` bypasses the cache. Errors are RFC 9457 problems from `analysisProblem`.
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { streamSSE } from 'hono/streaming'
import { z } from 'zod'
import { analysisResultSchema } from './analysis-schema.ts'
import { type AnalysisProgress, silentLogger } from './analyzer.ts'
import {
  type AnalysisService,
  type AnalysisServiceOptions,
  createAnalysisService,
  type PreparedAnalysis,
} from './analysis-service.ts'
import { InvalidAnalysisRequestError } from './errors.ts'
import { analysisProblem, type Problem, problemDetailsSchema } from './problem.ts'
import { renderAnalysisHtml } from './render.ts'

/** What the dashboard provides: the store lookup, the analyzer, and optionally cache and logger. */
export interface AnalysisRouteDeps extends AnalysisServiceOptions {
  /** Interval of SSE keep-alive comments while the model is silent; default 15 s. */
  keepAliveMs?: number
}

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemDetailsSchema } },
})

export const analysisRoute = createRoute({
  method: 'post',
  path: '/incidents/{id}/analysis',
  summary: 'Root-cause analysis of an incident and its correlated incidents',
  request: {
    params: z.object({ id: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/) }),
    query: z.object({ refresh: z.enum(['true', 'false']).optional() }).strict(),
  },
  responses: {
    200: {
      description: 'The analysis (JSON), an SSE progress stream, or an HTML fragment',
      content: {
        'application/json': { schema: analysisResultSchema },
        'text/event-stream': { schema: z.string() },
        'text/html': { schema: z.string() },
      },
    },
    400: problem('Malformed incident id or query'),
    404: problem('No such incident'),
    502: problem('Gemini failed, rejected the request, or returned a truncated or invalid answer'),
    503: problem('Gemini is rate limiting; see Retry-After'),
    504: problem('The analysis did not finish in time'),
  },
})

/**
 * @example
 * const app = new Hono()
 * app.route('/api', analysisRoutes({ loadBundle: store.loadBundle, analyzer: createAnalyzerFromEnv() }))
 */
export function analysisRoutes(deps: AnalysisRouteDeps): OpenAPIHono {
  const logger = deps.logger ?? silentLogger
  const keepAliveMs = deps.keepAliveMs ?? 15_000
  if (!(Number.isInteger(keepAliveMs) && keepAliveMs >= 10)) {
    throw new Error(`invalid keepAliveMs: ${keepAliveMs}`)
  }
  const service = createAnalysisService(deps)
  const app = new OpenAPIHono({
    defaultHook: (result) => {
      if (!result.success) {
        const issue = result.error.issues[0]
        const where = issue ? `${issue.path.join('.') || result.target}: ${issue.message}` : ''
        throw new InvalidAnalysisRequestError(`invalid ${result.target}: ${where}`)
      }
    },
  })

  const report = (error: unknown, id: string | undefined): Problem => {
    const p = analysisProblem(error)
    const fields = { incident_id: id, code: p.body.code, status: p.status, err: error }
    if (p.status >= 500) logger.error(fields, 'analysis failed')
    else logger.info(fields, 'analysis request not completed')
    return p
  }

  app.onError((error, c) => {
    const p = report(error, c.req.param('id'))
    return c.json(p.body, p.status as ContentfulStatusCode, p.headers)
  })

  app.openapi(analysisRoute, async (c) => {
    const { id } = c.req.valid('param')
    const refresh = c.req.valid('query').refresh === 'true'
    const accept = c.req.header('accept') ?? ''
    const prepared = await service.prepare(id)
    c.header('cache-control', 'no-store')
    if (accept.includes('text/event-stream')) {
      return sse(c, service, prepared, { refresh, keepAliveMs }, report)
    }

    const result = await service.run(prepared, { signal: c.req.raw.signal, refresh })
    if (accept.includes('text/html') && !accept.includes('application/json')) {
      return c.html(renderAnalysisHtml(result))
    }
    return c.json(result, 200)
  })
  return app
}

function sse(
  c: Context,
  service: AnalysisService,
  prepared: PreparedAnalysis,
  { refresh, keepAliveMs }: { refresh: boolean; keepAliveMs: number },
  report: (error: unknown, id: string) => Problem,
): Response {
  return streamSSE(c, async (stream) => {
    const gone = new AbortController()
    stream.onAbort(() => gone.abort())
    // Writes are chained so they leave in order even though progress callbacks are sync.
    let sent = Promise.resolve()
    const write = (next: () => Promise<unknown>) => (sent = sent.then(next).then(() => undefined))
    const send = (event: string, data: unknown) =>
      write(() => stream.writeSSE({ event, data: JSON.stringify(data) }))
    // A thinking model can be silent for a minute; a comment line keeps proxies from closing.
    const keepAlive = setInterval(
      () => void write(() => stream.write(': keep-alive\n\n')),
      keepAliveMs,
    )
    try {
      const result = await service.run(prepared, {
        signal: AbortSignal.any([gone.signal, c.req.raw.signal]),
        onProgress: (progress: AnalysisProgress) => void send('progress', progress),
        refresh,
      })
      await send('result', result)
    } catch (error) {
      await send('error', report(error, prepared.id).body)
    } finally {
      clearInterval(keepAlive)
    }
  })
}
