// Correlation by dependency map over real fixture files: why each row is included (same service,
// upstream, downstream, same incident id, a service-less event tied through its system), the
// hops limit, the window, and the row cap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadServiceMap } from '../../config/service-map-file.ts'
import type { FixtureIncident } from '../../testing/fixtures/write-fixtures.ts'
import { startTestDashboard, type TestDashboard } from '../test-support.ts'
import { type CorrelatedRow, incidentDetail } from './incident-detail.ts'

const t0 = Date.UTC(2026, 10, 28, 12)
const min = 60_000
const map = loadServiceMap()
let t: TestDashboard

const row = (
  event_id: string,
  offsetMin: number,
  service: string | null,
  extra: Partial<FixtureIncident> = {},
): FixtureIncident => ({
  event_id,
  event_time: t0 + offsetMin * min,
  level: 'WARNING',
  message: `test ${event_id}`,
  service,
  ...extra,
})

beforeAll(async () => {
  t = await startTestDashboard({
    fixtures: {
      incidents: 0,
      uncommitted: false,
      extraIncidents: [
        row('primary', 0, 'payment-service', { level: 'ERROR', incident_id: 'INC-0000AAAA' }),
        row('same', -5, 'payment-service', { system_id: 'SYS-0100' }),
        row('db', -10, 'database', { system_id: 'SYS-0200' }),
        row('gateway', 3, 'api-gateway'),
        row('web', 4, 'web-server'),
        row('lb', 5, 'load-balancer'),
        row('sibling', 2, 'auth-service'),
        row('breach', -8, null, {
          level: 'ERROR',
          system_id: 'SYS-0200',
          action: 'security_breach',
        }),
        row('stray', -8, null, { level: 'ERROR', system_id: 'SYS-0999' }),
        row('far', 45, 'database'),
        row('same-id', 300, 'email-service', { incident_id: 'INC-0000AAAA' }),
      ],
    },
  })
})
afterAll(() => t.close())

const byId = (rows: CorrelatedRow[]) =>
  Object.fromEntries(
    rows.map((r) => [
      String(r.event_id),
      { reasons: r.reasons, hops: r.hops, linked: r.linked_service },
    ]),
  )

describe('incidentDetail correlation by map', () => {
  it('says why each row is included, with hops', async () => {
    const d = await incidentDetail(t.db, 'primary', { windowMinutes: 30, hops: 2, map })
    expect(byId(d.correlated)).toEqual({
      db: { reasons: ['downstream'], hops: 1, linked: null },
      breach: { reasons: ['downstream'], hops: 1, linked: 'database' },
      same: { reasons: ['same_service'], hops: 0, linked: null },
      gateway: { reasons: ['upstream'], hops: 1, linked: null },
      web: { reasons: ['upstream'], hops: 2, linked: null },
      'same-id': { reasons: ['same_incident'], hops: null, linked: null },
    })
    expect(d.correlated.map((r) => r.event_id)).toEqual([
      'db',
      'breach',
      'same',
      'gateway',
      'web',
      'same-id',
    ])
    expect(d.hops).toBe(2)
    expect(d.truncated).toBe(false)
  })

  it('follows more hops when asked and none with 0', async () => {
    const three = await incidentDetail(t.db, 'primary', { windowMinutes: 30, hops: 3, map })
    expect(byId(three.correlated).lb).toEqual({ reasons: ['upstream'], hops: 3, linked: null })
    const zero = await incidentDetail(t.db, 'primary', { windowMinutes: 30, hops: 0, map })
    expect(Object.keys(byId(zero.correlated)).sort()).toEqual(['same', 'same-id'])
  })

  it('honours the window', async () => {
    const narrow = await incidentDetail(t.db, 'primary', { windowMinutes: 6, hops: 2, map })
    expect(Object.keys(byId(narrow.correlated)).sort()).toEqual([
      'gateway',
      'same',
      'same-id',
      'web',
    ])
    const wide = await incidentDetail(t.db, 'primary', { windowMinutes: 60, hops: 2, map })
    expect(byId(wide.correlated).far).toEqual({ reasons: ['downstream'], hops: 1, linked: null })
  })

  it('caps the rows, keeping the same incident id, then the nearest services', async () => {
    const d = await incidentDetail(t.db, 'primary', { windowMinutes: 30, hops: 2, map, limit: 3 })
    expect(d.truncated).toBe(true)
    // same-id first; then hops 0 (same), then the closest 1-hop row: gateway (+3) before db (-10).
    expect(d.correlated.map((r) => r.event_id)).toEqual(['same', 'gateway', 'same-id'])
  })

  it('binds values: a quote in an id is just a string', async () => {
    await expect(
      incidentDetail(t.db, "x' OR '1'='1", { windowMinutes: 30, hops: 2, map }),
    ).rejects.toThrow(/no incident/)
  })
})
