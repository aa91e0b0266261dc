// Cross-site protection: browsers' cross-site requests are refused by Fetch Metadata or Origin,
// while API clients (no browser headers) and bearer-token holders are served.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestDashboard, type TestDashboard } from '../test-support.ts'

const token = 'correct-horse-battery-staple'
let open: TestDashboard
let secured: TestDashboard
let id: string

beforeAll(async () => {
  open = await startTestDashboard({ fixtures: { incidents: 40 } })
  secured = await startTestDashboard({ fixtures: { incidents: 40 }, config: { token } })
  const list = (await (await open.app.request('/api/incidents?level=ERROR&limit=1')).json()) as {
    items: { event_id: string }[]
  }
  id = list.items[0]?.event_id ?? ''
})

afterAll(async () => {
  await open.close()
  await secured.close()
})

const analyze = (t: TestDashboard, headers: Record<string, string>) =>
  t.app.request(`/api/incidents/${id}/analysis`, {
    method: 'POST',
    headers: { accept: 'application/json', ...headers },
  })

describe('API clients', () => {
  it.each([
    ['curl -X POST (no headers at all)', {}],
    [
      'curl -d "" (a form content type, no Origin)',
      { 'content-type': 'application/x-www-form-urlencoded' },
    ],
    ['a script posting text/plain', { 'content-type': 'text/plain' }],
  ])('%s gets its analysis', async (_, headers) => {
    const res = await analyze(open, headers)
    expect(res.status).toBe(200)
    expect(((await res.json()) as { source: string }).source).toBe('offline')
  })

  it('serves the bearer token holder even with a foreign Origin', async () => {
    const headers = { authorization: `Bearer ${token}`, origin: 'https://tool.example' }
    expect((await analyze(secured, headers)).status).toBe(200)
  })
})

describe('browsers', () => {
  it.each([
    ['Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin' }],
    ['the own Origin', { origin: 'http://localhost' }],
  ])('%s is served', async (_, headers) => {
    expect((await analyze(open, headers)).status).toBe(200)
  })

  it.each([
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site', origin: 'http://localhost' }],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }],
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['Origin: null (a sandboxed frame)', { origin: 'null' }],
    [
      'a form from another site',
      { origin: 'https://evil.example', 'content-type': 'multipart/form-data; boundary=x' },
    ],
  ])('%s is refused with the reason', async (_, headers) => {
    const res = await analyze(open, headers)
    expect(res.status).toBe(403)
    const body = (await res.json()) as { code: string; detail: string }
    expect(body.code).toBe('cross_site_refused')
    expect(body.detail).toMatch(/cross-site request refused: .*(Sec-Fetch-Site|Origin)/)
  })

  it('refuses a cross-site SQL request too, and a wrong token does not open the door', async () => {
    const res = await secured.app.request('/api/sql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: 'https://evil.example',
        authorization: 'Bearer wrong-token-wrong-token',
      },
      body: JSON.stringify({ sql: 'SELECT 1' }),
    })
    expect(res.status).toBe(403)
  })
})
