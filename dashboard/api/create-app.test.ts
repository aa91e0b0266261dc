// The assembled application, through app.request: health, the OpenAPI document, security
// headers, static assets with ETags, compression, problems for unknown routes, the token, and
// the mounted analysis routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HealthReport } from '../health/data-health.ts'
import { startTestDashboard, type TestDashboard } from '../test-support.ts'

let t: TestDashboard
beforeAll(async () => {
  t = await startTestDashboard({ fixtures: { incidents: 200 } })
})
afterAll(() => t.close())

describe('health and documentation', () => {
  it('reports DuckDB, manifests, freshness and the pipeline being down', async () => {
    const res = await t.app.request('/api/health')
    expect(res.status).toBe(200)
    const body = (await res.json()) as HealthReport
    expect(body.status).toBe('ok')
    expect(body.duckdb).toEqual({ ok: true, error: null })
    expect(body.tables.map((x) => x.table)).toEqual(['incidents', 'hourly_summary', 'alerts'])
    expect(body.tables[0]).toMatchObject({ committed: true, error: null })
    expect(body.tables[0]?.files).toBeGreaterThan(0)
    expect(body.freshness.latest_event_time).toMatch(/^2026-11-28T/)
    expect(body.pipeline).toMatchObject({ up: false })
  })

  it('serves a liveness probe', async () => {
    expect(await (await t.app.request('/healthz')).text()).toBe('ok')
  })

  it('publishes an OpenAPI 3.1 document of every route, the analysis route included', async () => {
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as {
      openapi: string
      paths: Record<string, unknown>
    }
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/sql',
        '/api/incidents',
        '/api/incidents/{id}',
        '/api/hourly-summary',
        '/api/alerts',
        '/api/health',
        '/api/stream',
        '/api/incidents/{id}/analysis',
      ]),
    )
  })
})

describe('headers and assets', () => {
  it('sends a strict CSP whose nonce is the one on the page scripts', async () => {
    const res = await t.app.request('/sql')
    const csp = res.headers.get('content-security-policy') ?? ''
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1]
    expect(nonce).toBeTruthy()
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("require-trusted-types-for 'script'")
    expect(csp).not.toContain('unsafe-inline')
    const page = await res.text()
    expect(page).toContain(`<script type="module" src="/static/sql.js" nonce="${nonce}">`)
    expect(page).not.toMatch(/\son[a-z]+=/i)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN')
  })

  it('serves static assets with an ETag and answers a revalidation with 304', async () => {
    const first = await t.app.request('/static/common.js')
    expect(first.status).toBe(200)
    expect(first.headers.get('content-type')).toContain('text/javascript')
    const etag = first.headers.get('etag') ?? ''
    expect(etag).toMatch(/^"/)
    const again = await t.app.request('/static/common.js', {
      headers: { 'if-none-match': `W/${etag}` },
    })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    expect((await t.app.request('/static/../config.ts')).status).toBe(404)
  })

  it('compresses large responses for clients that accept gzip', async () => {
    const res = await t.app.request('/api/incidents?limit=200', {
      headers: { 'accept-encoding': 'gzip' },
    })
    expect(res.headers.get('content-encoding')).toBe('gzip')
  })

  it('answers unknown API routes with a problem and unknown pages with HTML', async () => {
    const api = await t.app.request('/api/nope')
    expect(api.status).toBe(404)
    expect(api.headers.get('content-type')).toContain('application/problem+json')
    const page = await t.app.request('/nope', { headers: { accept: 'text/html' } })
    expect(page.status).toBe(404)
    expect(page.headers.get('content-type')).toContain('text/html')
  })
})

describe('analysis routes', () => {
  it('are mounted under /api with the correlation bundle', async () => {
    const list = (await (await t.app.request('/api/incidents?level=ERROR&limit=1')).json()) as {
      items: { event_id: string }[]
    }
    const id = list.items[0]?.event_id ?? ''
    const res = await t.app.request(`/api/incidents/${id}/analysis`, {
      method: 'POST',
      headers: { accept: 'application/json', origin: 'http://localhost' },
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as {
      source: string
      bundle: { primary_event_id: string; event_count: number }
    }
    expect(body.source).toBe('offline')
    expect(body.bundle.primary_event_id).toBe(id)
    expect(body.bundle.event_count).toBeGreaterThan(0)
    const missing = await t.app.request('/api/incidents/no-such-event/analysis', {
      method: 'POST',
      headers: { origin: 'http://localhost' },
    })
    expect(missing.status).toBe(404)
    const crossSite = await t.app.request(`/api/incidents/${id}/analysis`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    })
    expect(crossSite.status).toBe(403)
  })
})

describe('with a token', () => {
  const token = 'correct-horse-battery-staple'
  let secured: TestDashboard
  beforeAll(async () => {
    secured = await startTestDashboard({ fixtures: { incidents: 20 }, config: { token } })
  })
  afterAll(() => secured.close())

  it('refuses API calls without the bearer token', async () => {
    const res = await secured.app.request('/api/incidents')
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect(((await res.json()) as { code: string }).code).toBe('unauthorized')
    const wrong = await secured.app.request('/api/incidents', {
      headers: { authorization: 'Bearer nope' },
    })
    expect(wrong.status).toBe(401)
  })

  it('accepts the bearer token', async () => {
    const res = await secured.app.request('/api/incidents', {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(res.status).toBe(200)
  })

  it('sends browsers to sign in, then lets the session cookie through', async () => {
    const page = await secured.app.request('/sql', { headers: { accept: 'text/html' } })
    expect(page.status).toBe(303)
    expect(page.headers.get('location')).toBe('/login?next=%2Fsql')
    const login = await secured.app.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: new URLSearchParams({ token, next: '//evil.example/' }).toString(),
    })
    expect(login.status).toBe(303)
    expect(login.headers.get('location')).toBe('/')
    const cookie = login.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    expect(cookie).not.toContain(token)
    const session = cookie.split(';')[0] ?? ''
    expect((await secured.app.request('/sql', { headers: { cookie: session } })).status).toBe(200)
  })

  it('rejects a wrong token at sign-in without setting a cookie', async () => {
    const login = await secured.app.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: new URLSearchParams({ token: 'guess', next: '/' }).toString(),
    })
    expect(login.headers.get('location')).toMatch(/failed=1/)
    expect(login.headers.get('set-cookie')).toBeNull()
  })

  it('keeps the liveness probe and static assets public', async () => {
    expect((await secured.app.request('/healthz')).status).toBe(200)
    expect((await secured.app.request('/static/style.css')).status).toBe(200)
  })
})
