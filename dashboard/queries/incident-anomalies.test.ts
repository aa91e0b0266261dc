// Anomalies over the real store: the SQL counts the keys the ranking reads, breaches that name no
// service burst apart on the system they name and carry the service it ties them to, background
// spread over the hour stands out nowhere, and the analysis bundle holds the burst rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadServiceMap } from '../../config/service-map-file.ts'
import type { FixtureIncident } from '../../testing/fixtures/write-fixtures.ts'
import { startTestDashboard, type TestDashboard } from '../test-support.ts'
import { bundleLoader } from './incident-detail.ts'
import { incidentAnomalies } from './incident-anomalies.ts'

const at = Date.UTC(2026, 10, 28, 12, 0, 30)
const minute = 60_000
const map = loadServiceMap()
const row = (id: string, minutes: number, o: Partial<FixtureIncident>): FixtureIncident => ({
  event_id: id,
  event_time: at + minutes * minute,
  level: 'WARNING',
  message: id,
  ...o,
})
// An hour and a quarter of background on database and payment-service, one failure every 4 minutes.
const background: FixtureIncident[] = Array.from({ length: 20 }, (_, i) =>
  row(`bg${i}`, -76 + i * 4, {
    service: i % 2 ? 'database' : 'payment-service',
    action: 'incident_detected',
    category: 'Hardware Failure',
  }),
)
const burst: FixtureIncident[] = [
  ...[-6, -5.5, -5, -4.5].map((m, i) =>
    row(`db${i}`, m, { service: 'database', action: 'resource_threshold', system_id: 'SYS-0042' }),
  ),
  ...[-4, -3.5].map((m, i) =>
    row(`db-breach${i}`, m, { action: 'security_breach', level: 'ERROR', system_id: 'SYS-0042' }),
  ),
]
const primary = row('primary', 0, {
  service: 'payment-service',
  action: 'critical_incident',
  level: 'ERROR',
  category: 'Service Outage',
})
let t: TestDashboard

beforeAll(async () => {
  t = await startTestDashboard({
    fixtures: { incidents: 0, extraIncidents: [...background, ...burst, primary] },
  })
})
afterAll(() => t.close())

describe('incidentAnomalies', () => {
  const incident = {
    event_id: 'primary',
    service: 'payment-service',
    event_time: new Date(at).toISOString(),
  }

  it('finds the burst of one system, and apart the breaches its system ties to the service', async () => {
    const { anomalies, rows } = await incidentAnomalies(t.db, incident, { map, hops: 2 })
    const [top] = anomalies
    expect(top).toMatchObject({
      service: 'database',
      system_id: 'SYS-0042',
      linked: false,
      observed: 4,
    })
    expect(top?.event_ids).toEqual(['db0', 'db1', 'db2', 'db3'])
    expect(top?.significance).toBeGreaterThan(2)
    const keys = anomalies.map((a) => [a.service, a.system_id ?? a.category])
    expect(keys).not.toContainEqual(['database', 'Hardware Failure'])
    expect(keys).not.toContainEqual(['payment-service', 'Hardware Failure'])
    const linked = anomalies.find((a) => a.linked)
    expect(linked).toMatchObject({ service: 'database', system_id: 'SYS-0042' })
    expect(linked?.event_ids).toEqual(['db-breach0', 'db-breach1'])
    const breach = rows.find((r) => r.event_id === 'db-breach1')
    expect(breach).toMatchObject({ service: null, linked_service: 'database' })
  })

  it('gives the analysis the anomalies and their rows', async () => {
    const bundle = await bundleLoader(t.db, { windowMinutes: 30, hops: 2, map })('primary')
    expect(bundle?.anomalies?.[0]).toMatchObject({ service: 'database', system_id: 'SYS-0042' })
    const ids = new Set(bundle?.correlated.map((r) => r.event_id))
    for (const id of ['db0', 'db1', 'db2', 'db3']) expect(ids.has(id)).toBe(true)
  })
})
