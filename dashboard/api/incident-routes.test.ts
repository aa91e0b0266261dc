// REST routes over incidents, through app.request: filters, keyset pagination, detail and
// correlation, and the 4xx problems for bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestDashboard, type TestDashboard } from '../test-support.ts'

let t: TestDashboard
const base = Date.UTC(2026, 10, 28, 0, 0, 0)

beforeAll(async () => {
  t = await startTestDashboard({
    fixtures: {
      incidents: 400,
      start: base,
      spanHours: 24,
      extraIncidents: [
        {
          event_id: 'pct-1',
          event_time: base + 3_600_000,
          level: 'WARNING',
          message: 'disk at 100% on node_7',
          service: 'zz-test',
        },
        {
          event_id: 'pct-2',
          event_time: base + 3_700_000,
          level: 'WARNING',
          message: 'disk at 1000 on nodeX7',
          service: 'zz-test',
        },
      ],
    },
  })
})
afterAll(() => t.close())

type Page = { items: Record<string, unknown>[]; next_cursor: string | null }
const get = async (path: string) => {
  const res = await t.app.request(path)
  return { status: res.status, body: (await res.json()) as Page & Record<string, unknown>, res }
}

describe('GET /api/incidents', () => {
  it('returns the newest committed incidents first', async () => {
    const { status, body } = await get('/api/incidents?limit=5')
    expect(status).toBe(200)
    expect(body.items).toHaveLength(5)
    const times = body.items.map((i) => Date.parse(String(i.event_time)))
    expect([...times].sort((a, b) => b - a)).toEqual(times)
    expect(body.items.some((i) => String(i.event_id).startsWith('uncommitted'))).toBe(false)
  })

  it('filters by level, service and category', async () => {
    const { body } = await get('/api/incidents?level=ERROR&limit=500')
    expect(body.items.length).toBeGreaterThan(0)
    expect(new Set(body.items.map((i) => i.level))).toEqual(new Set(['ERROR']))
    const svc = await get('/api/incidents?service=web-server&level=INFO,WARNING&limit=500')
    expect(new Set(svc.body.items.map((i) => i.service))).toEqual(new Set(['web-server']))
    const cat = await get(
      `/api/incidents?category=${encodeURIComponent('Network Issue')}&limit=500`,
    )
    expect(new Set(cat.body.items.map((i) => i.category))).toEqual(new Set(['Network Issue']))
  })

  it('matches text literally: % and _ are not wildcards', async () => {
    const { body } = await get(`/api/incidents?q=${encodeURIComponent('100% on node_7')}`)
    expect(body.items.map((i) => i.event_id)).toEqual(['pct-1'])
  })

  it('filters by a half-open time range', async () => {
    const from = new Date(base + 3_600_000).toISOString()
    const to = new Date(base + 7_200_000).toISOString()
    const { body } = await get(`/api/incidents?from=${from}&to=${to}&limit=500`)
    expect(body.items.length).toBeGreaterThan(0)
    for (const i of body.items) {
      const ms = Date.parse(String(i.event_time))
      expect(ms).toBeGreaterThanOrEqual(base + 3_600_000)
      expect(ms).toBeLessThan(base + 7_200_000)
    }
  })

  it('paginates with a keyset cursor, without gaps or repeats', async () => {
    const seen: unknown[] = []
    let cursor: string | null = null
    do {
      const { body }: { body: Page } = await get(
        `/api/incidents?limit=150${cursor ? `&cursor=${cursor}` : ''}`,
      )
      seen.push(...body.items.map((i) => i.event_id))
      cursor = body.next_cursor
    } while (cursor)
    expect(seen).toHaveLength(402)
    expect(new Set(seen).size).toBe(402)
  })

  it.each([
    ['/api/incidents?limit=100000', /limit/],
    ['/api/incidents?level=FATAL', /level/],
    ['/api/incidents?from=yesterday', /from/],
    ['/api/incidents?cursor=not-a-cursor', /cursor/],
    ['/api/incidents?sort=asc', /sort/],
  ])('answers %s with a 400 problem naming the field', async (path, field) => {
    const res = await t.app.request(path)
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    const body = (await res.json()) as { detail: string; code: string; status: number }
    expect(body.code).toBe('invalid_input')
    expect(body.detail).toMatch(field)
  })
})

describe('GET /api/incidents/{id}', () => {
  it('finds an incident by event id with its correlated incidents and why', async () => {
    const { status, body } = await get('/api/incidents/pct-1')
    expect(status).toBe(200)
    const detail = body as unknown as {
      incident: Record<string, unknown>
      correlated: { event_id: string; reasons: string[] }[]
      window_minutes: number
    }
    expect(detail.incident.event_id).toBe('pct-1')
    expect(detail.window_minutes).toBe(30)
    expect(detail.correlated.map((c) => c.event_id)).toEqual(['pct-2'])
    expect(detail.correlated[0]?.reasons).toEqual(['same_service'])
  })

  it('honours a narrower correlation window', async () => {
    const { body } = await get('/api/incidents/pct-1?window_minutes=1')
    expect((body as unknown as { correlated: unknown[] }).correlated).toEqual([])
  })

  it('finds an incident by incident id and correlates the same incident id', async () => {
    const { body: list } = await get('/api/incidents?level=ERROR&limit=500')
    const withId = list.items.find((i) => typeof i.incident_id === 'string')
    const { body } = await get(`/api/incidents/${String(withId?.incident_id)}`)
    const detail = body as unknown as {
      incident: Record<string, unknown>
      correlated: { incident_id: string; service: string; reasons: string[] }[]
    }
    expect(detail.incident.incident_id).toBe(withId?.incident_id)
    for (const c of detail.correlated) {
      if (c.incident_id === withId?.incident_id) expect(c.reasons).toContain('same_incident')
      else expect(c.reasons).toHaveLength(1)
      expect(['same_service', 'upstream', 'downstream', 'same_incident']).toEqual(
        expect.arrayContaining(c.reasons),
      )
    }
  })

  it('answers an unknown id with 404 and a malformed one with 400', async () => {
    expect((await t.app.request('/api/incidents/nope')).status).toBe(404)
    expect((await t.app.request(`/api/incidents/${encodeURIComponent('<script>')}`)).status).toBe(
      400,
    )
  })
})

describe('derived tables', () => {
  it('lists the hourly summary, filtered by dimension', async () => {
    const { status, body } = await get('/api/hourly-summary?dimension=category&limit=1000')
    expect(status).toBe(200)
    const items = (body as unknown as { items: Record<string, unknown>[] }).items
    expect(items.length).toBeGreaterThan(0)
    expect(new Set(items.map((i) => i.dimension))).toEqual(new Set(['category']))
    const total = items.reduce((n, i) => n + Number(i.event_count), 0)
    expect(total).toBe(402)
  })

  it('lists alerts newest first, with JSON-safe lists and times', async () => {
    const { status, body } = await get('/api/alerts?limit=5')
    expect(status).toBe(200)
    const items = (body as unknown as { items: Record<string, unknown>[] }).items
    expect(items.length).toBeGreaterThan(0)
    expect(Array.isArray(items[0]?.sample_event_ids)).toBe(true)
    expect(String(items[0]?.fired_at)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
    expect(typeof items[0]?.count).toBe('number')
  })
})
