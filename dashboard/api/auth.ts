/**
 * Optional bearer-token protection. Without a configured token every request passes (the server
 * then only listens on loopback). With one, API calls must send `Authorization: Bearer <token>`,
 * and browsers sign in once on /login, which sets an HttpOnly, SameSite=Strict cookie holding an
 * HMAC of the token (never the token itself). Comparisons are constant-time. Pages redirect to
 * /login; everything else gets a 401 problem.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { UnauthorizedError } from '../errors.ts'

export const sessionCookie = 'dashboard_session'

const digest = (value: string): Buffer => createHash('sha256').update(value).digest()

/** Constant-time string equality (both sides hashed to equal length first). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b))
}

/** The cookie value proving a browser knew the token. */
export function sessionValue(token: string): string {
  return createHmac('sha256', token).update('incident-dashboard-session-v1').digest('base64url')
}

/** Paths reachable without a token: sign-in, liveness and static assets (no data in them). */
export function isPublicPath(path: string): boolean {
  return path === '/login' || path === '/healthz' || path.startsWith('/static/')
}

/** Whether the request carries the token or a valid session cookie. */
export function isAuthorized(c: Context, token: string): boolean {
  const header = c.req.header('authorization')
  const bearer = header?.match(/^Bearer\s+(.+)$/i)?.[1]
  if (bearer !== undefined && safeEqual(bearer.trim(), token)) return true
  const cookie = getCookie(c, sessionCookie)
  return cookie !== undefined && safeEqual(cookie, sessionValue(token))
}

/**
 * @example
 * app.use(requireToken(config.token))
 */
export function requireToken(token: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (token === undefined || isPublicPath(c.req.path) || isAuthorized(c, token)) return next()
    const wantsHtml =
      c.req.method === 'GET' &&
      !c.req.path.startsWith('/api/') &&
      (c.req.header('accept') ?? '').includes('text/html')
    if (wantsHtml) return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303)
    throw new UnauthorizedError()
  }
}

/** A post-login redirect target: a local absolute path only, never another origin. */
export function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])[\w\-./%]*$/.test(next) ? next : '/'
}
