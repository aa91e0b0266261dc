// Failure rates over the real store: the SQL counts as failures exactly the events the analysis
// calls failures (`isFailure`), ties events without a service to one through their
// system id, and leaves unrelated services out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isFailure } from '../analysis/episode.ts'
import { incidentRowSchema } from '../analysis/incident-row.ts'
import type { FixtureIncident } from '../../testing/fixtures/write-fixtures.ts'
import { startTestDashboard, type TestDashboard } from '../test-support.ts'
import { loadServiceMap } from '../../config/service-map-file.ts'
import { failureBaselines } from './failure-baselines.ts'

const at = Date.UTC(2026, 10, 28, 12, 0, 30)
const minute = 60_000
const row = (id: string, minutes: number, o: Partial<FixtureIncident>): FixtureIncident => ({
  event_id: id,
  event_time: at + minutes * minute,
  level: 'ERROR',
  message: id,
  ...o,
})
const rows: FixtureIncident[] = [
  row('primary', 0, { service: 'payment-service', category: 'Service Outage' }),
  row('db-threshold', -3, {
    service: 'database',
    action: 'resource_threshold',
    system_id: 'SYS-1',
  }),
  row('db-category', -2, { service: 'database', category: 'Performance Degradation' }),
  row('db-empty-category', -2, { service: 'database', category: '' }),
  row('db-info', -2, { service: 'database', level: 'INFO', category: 'Hardware Failure' }),
  row('db-breach', -1, { action: 'security_breach', system_id: 'SYS-1' }),
  row('db-corruption', -1, { is_data_loss_risk: true, system_id: 'SYS-1', level: 'WARNING' }),
  row('orphan-breach', -1, { action: 'security_breach', system_id: 'SYS-9' }),
  row('unrelated', -1, { service: 'email-service', category: 'Hardware Failure' }),
  row('old', -100, { service: 'database', category: 'Hardware Failure' }),
]
let t: TestDashboard

beforeAll(async () => {
  t = await startTestDashboard({ fixtures: { incidents: 0, extraIncidents: rows } })
})
afterAll(() => t.close())

describe('failureBaselines', () => {
  it('counts the failures the analysis would, on the service their system ties them to', async () => {
    const incident = {
      event_id: 'primary',
      service: 'payment-service',
      event_time: new Date(at).toISOString(),
    }
    const rates = await failureBaselines(t.db, incident, { map: loadServiceMap(), hops: 1 })
    const recent = (service: string) =>
      rates
        .find((r) => r.service === service)
        ?.series.filter((p) => p.minute >= at - 5 * minute)
        .reduce((sum, p) => sum + p.failures, 0)
    const expected = rows.filter((r) => {
      const e = incidentRowSchema.parse({ ...r, service: r.service ?? null })
      return e.event_time >= at - 5 * minute && isFailure(e)
    })
    // The analysis' own rules pick 7 of the recent rows as failures. The two service-less ones on
    // SYS-1 belong to the database through db-threshold, the orphan to nobody, and email-service
    // is not a neighbour of payment-service.
    expect(expected.map((r) => r.event_id)).toEqual([
      'primary',
      'db-threshold',
      'db-category',
      'db-breach',
      'db-corruption',
      'orphan-breach',
      'unrelated',
    ])
    expect(recent('database')).toBe(4)
    expect(recent('payment-service')).toBe(1)
    expect(rates.map((r) => r.service)).not.toContain('email-service')
    expect(rates.find((r) => r.service === 'database')?.baseline.minutes).toBe(60)
  })
})
