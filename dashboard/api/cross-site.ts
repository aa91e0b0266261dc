/**
 * Cross-site request protection that protects browsers without locking out API clients. A
 * browser says where a request comes from (Fetch Metadata's `Sec-Fetch-Site`, else `Origin`), so
 * a state-changing request that carries either must come from this origin. A request with
 * neither comes from curl, a script or the SQL CLI, which no other site can make a victim's
 * browser send, and a request with the right bearer token proves its sender knew the secret;
 * both are served. Hono's `csrf()` instead refuses every body-less or form-typed POST without
 * an `Origin`, which is every API client's.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { CrossSiteError } from '../errors.ts'
import { safeEqual } from './auth.ts'

const safeMethod = /^(GET|HEAD|OPTIONS)$/

function hasToken(c: Context, token: string | undefined): boolean {
  const bearer = c.req.header('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1]
  return token !== undefined && bearer !== undefined && safeEqual(bearer.trim(), token)
}

/** Why a browser request comes from elsewhere, or `undefined` when it is this origin's. */
function foreignReason(c: Context): string | undefined {
  const site = c.req.header('sec-fetch-site')
  if (site !== undefined) {
    return site === 'same-origin' || site === 'none'
      ? undefined
      : `the browser reports a ${site} request (Sec-Fetch-Site)`
  }
  const origin = c.req.header('origin')
  if (origin === undefined) return undefined
  const own = new URL(c.req.url).origin
  return origin === own ? undefined : `Origin ${JSON.stringify(origin)} is not ${own}`
}

/**
 * @example
 * app.use(crossSiteGuard(config.token))
 */
export function crossSiteGuard(token: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (safeMethod.test(c.req.method) || hasToken(c, token)) return next()
    const reason = foreignReason(c)
    if (reason !== undefined) {
      throw new CrossSiteError(
        `cross-site request refused: ${reason}; API clients send no Origin, or the bearer token`,
      )
    }
    return next()
  }
}
