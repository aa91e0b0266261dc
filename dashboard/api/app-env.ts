/**
 * The Hono environment every router of the dashboard shares: the per-request CSP nonce that the
 * secure-headers middleware sets and the pages put on their script and style tags.
 */
import type { OpenAPIHono } from '@hono/zod-openapi'

export type AppEnv = { Variables: { secureHeadersNonce?: string } }

export type App = OpenAPIHono<AppEnv>
