/**
 * Serves the few files in `dashboard/public/` under `/static/`. They are read once at start-up
 * and given a strong ETag (a content hash), so a browser revalidates with `If-None-Match` and
 * gets a bodiless 304 while the file is unchanged.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import type { App } from './app-env.ts'

const types: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
}

interface Asset {
  body: Buffer
  etag: string
  type: string
}

/** Loads every servable file of `dir` (not recursive), keyed by file name. */
export function loadAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>()
  for (const name of readdirSync(dir)) {
    const type = types[extname(name)]
    if (!type) continue
    const body = readFileSync(join(dir, name))
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`
    assets.set(name, { body, etag, type })
  }
  return assets
}

/** True when an If-None-Match header matches `etag` (weak comparison, as RFC 9110 requires). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false
  const bare = (t: string): string => t.trim().replace(/^W\//, '')
  return header.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag))
}

/**
 * @example
 * serveAssets(app, loadAssets(new URL('../public', import.meta.url).pathname))
 */
export function serveAssets(app: App, assets: Map<string, Asset>): void {
  app.get('/static/:name', (c) => {
    const asset = assets.get(c.req.param('name'))
    if (!asset) return c.notFound()
    const headers = { etag: asset.etag, 'cache-control': 'no-cache' }
    if (etagMatches(c.req.header('if-none-match'), asset.etag)) return c.body(null, 304, headers)
    return c.body(new Uint8Array(asset.body), 200, { ...headers, 'content-type': asset.type })
  })
}
