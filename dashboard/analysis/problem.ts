/**
 * Maps analysis errors to RFC 9457 problem responses, in one place: the route's `onError`, the
 * SSE `error` event and the dashboard's own error handler can all use `analysisProblem`. Known
 * errors keep their message (written for users, free of secrets); anything else becomes a plain
 * 500 whose detail reveals nothing.
 */
import { z } from 'zod'
import { AnalysisError } from './errors.ts'

export const problemDetailsSchema = z.object({
  type: z.literal('about:blank'),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string().describe('Stable error code, e.g. output_truncated, upstream_timeout.'),
  retriable: z.boolean(),
  retry_after_s: z.number().int().optional().describe('When the upstream gave a retry hint.'),
})

export type ProblemDetails = z.infer<typeof problemDetailsSchema>

export interface Problem {
  status: number
  body: ProblemDetails
  headers: Record<string, string>
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  499: 'Client Closed Request',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

/**
 * @example
 * app.onError((err, c) => {
 *   const p = analysisProblem(err)
 *   return c.json(p.body, p.status as ContentfulStatusCode, p.headers)
 * })
 */
export function analysisProblem(error: unknown): Problem {
  const known = error instanceof AnalysisError
  const status = known ? error.status : 500
  const retryAfterMs = known ? error.retryAfterMs : undefined
  const body: ProblemDetails = {
    type: 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    detail: known ? error.message : 'the analysis failed unexpectedly; see the server log',
    code: known ? error.code : 'internal',
    retriable: known ? error.retriable : false,
  }
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' }
  if (retryAfterMs !== undefined) {
    body.retry_after_s = Math.ceil(retryAfterMs / 1000)
    headers['retry-after'] = String(body.retry_after_s)
  }
  return { status, body, headers }
}
