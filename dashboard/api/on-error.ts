/**
 * The one place where errors become HTTP responses: RFC 9457 problem documents
 * (`application/problem+json`) with a stable `code` and the `retriable` flag. Dashboard errors map
 * by class; errors from mounted modules that carry their own `status` and `code` (the analysis
 * routes' errors, Hono's HTTPException) keep them; anything else is a 500 whose detail reveals
 * nothing, logged with its cause.
 */
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Logger } from 'pino'
import {
  CrossSiteError,
  DashboardError,
  DataError,
  InvalidInputError,
  type Issue,
  NotFoundError,
  OverloadedError,
  PayloadTooLargeError,
  QueryTimeoutError,
  SqlError,
  SqlRefusedError,
  UnauthorizedError,
} from '../errors.ts'

export interface ProblemBody {
  type: string
  title: string
  status: number
  detail: string
  code: string
  retriable: boolean
  instance?: string
  issues?: readonly string[]
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

/** Status of each dashboard error class; the first match wins. */
const statusByClass: [new (...args: never[]) => DashboardError, number][] = [
  [InvalidInputError, 400],
  [SqlError, 400],
  // A statement that ran too long is the caller's to change, like a bad one (Datasette does the same).
  [QueryTimeoutError, 400],
  [UnauthorizedError, 401],
  [SqlRefusedError, 403],
  [CrossSiteError, 403],
  [NotFoundError, 404],
  [PayloadTooLargeError, 413],
  [OverloadedError, 503],
  [DataError, 500],
]

/** Builds a problem response. */
export function problem(
  c: Context,
  body: Omit<ProblemBody, 'type' | 'title'>,
  headers: Record<string, string> = {},
): Response {
  const full: ProblemBody = {
    type: 'about:blank',
    title: titles[body.status] ?? 'Error',
    ...body,
    instance: c.req.path,
  }
  return c.json(full, body.status as ContentfulStatusCode, {
    'content-type': 'application/problem+json',
    'cache-control': 'no-store',
    ...headers,
  })
}

function ownStatus(err: DashboardError): { status: number; code: string; retriable: boolean } {
  const status = statusByClass.find(([cls]) => err instanceof cls)?.[1] ?? 500
  return { status, code: err.code, retriable: err.retriable }
}

function foreignStatus(
  err: unknown,
): { status: number; code: string; retriable: boolean } | undefined {
  if (err instanceof HTTPException) {
    return { status: err.status, code: `http_${err.status}`, retriable: false }
  }
  const e = err as { status?: unknown; code?: unknown; retriable?: unknown }
  if (
    typeof e.status === 'number' &&
    e.status >= 400 &&
    e.status < 600 &&
    typeof e.code === 'string'
  ) {
    return { status: e.status, code: e.code, retriable: e.retriable === true }
  }
  return undefined
}

/** Renders a problem as an HTML page, for browsers that navigated to a page. */
export type HtmlProblemRenderer = (c: Context, body: ProblemBody) => Response | Promise<Response>

const wantsPage = (c: Context): boolean =>
  c.req.method === 'GET' &&
  !c.req.path.startsWith('/api/') &&
  (c.req.header('accept') ?? '').includes('text/html')

/**
 * @example
 * app.onError(onError(logger, (c, body) => c.html(errorPage(body), body.status)))
 */
export function onError(
  logger: Logger,
  renderHtml?: HtmlProblemRenderer,
): (err: Error, c: Context) => Response | Promise<Response> {
  return (err, c) => {
    const mapped = err instanceof DashboardError ? ownStatus(err) : foreignStatus(err)
    const status = mapped?.status ?? 500
    const fields = { err, path: c.req.path, method: c.req.method, status }
    if (status >= 500) logger.error(fields, 'request failed')
    else
      logger.info(
        { path: c.req.path, method: c.req.method, status, code: mapped?.code, reason: err.message },
        'request refused',
      )
    const expose = mapped !== undefined && !(err instanceof DataError)
    const headers: Record<string, string> = {}
    if (err instanceof UnauthorizedError)
      headers['www-authenticate'] = 'Bearer realm="incident-dashboard"'
    if (err instanceof OverloadedError) headers['retry-after'] = '1'
    const body = {
      status,
      code: mapped?.code ?? 'internal',
      retriable: mapped?.retriable ?? false,
      detail: expose
        ? err.message || (titles[status] ?? 'refused')
        : 'the server failed to answer; see its log',
      ...(err instanceof InvalidInputError && err.issues.length > 0 ? { issues: err.issues } : {}),
    }
    if (renderHtml && wantsPage(c))
      return renderHtml(c, { type: 'about:blank', title: titles[status] ?? 'Error', ...body })
    return problem(c, body, headers)
  }
}

/** `defaultHook` of every OpenAPIHono router: a failed zod validation becomes a typed 400. */
export function validationHook(result: {
  success: boolean
  target: string
  error?: { issues: readonly Issue[] }
}): void {
  if (!result.success) throw InvalidInputError.fromIssues(result.target, result.error?.issues ?? [])
}
