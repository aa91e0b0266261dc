// Ranking over abnormal bursts: a dependency's strong burst that its callers' anomalies follow is
// the root, the outage its symptom with only itself as evidence; strong bursts off the causal
// path and weak ones are not hypotheses; an outage takes the category reported just before it.
import { describe, expect, it } from 'vitest'
import { loadServiceMap } from '../../config/service-map-file.ts'
import { normalizeBundle, type IncidentRow } from './incident-row.ts'
import type { KeyAnomaly } from './key-anomalies.ts'
import { rankHypotheses } from './rank-hypotheses.ts'

const map = loadServiceMap()
const t0 = Date.parse('2026-11-28T03:00:00Z')
const minute = 60_000
type Spec = [
  id: string,
  minutes: number,
  service: string,
  action: string,
  extra?: Partial<IncidentRow>,
]
const levels: Record<string, IncidentRow['level']> = { critical_incident: 'ERROR' }
const row = ([id, m, service, action, extra]: Spec): IncidentRow => ({
  event_id: id,
  event_time: t0 + m * minute,
  level: levels[action] ?? 'WARNING',
  action,
  service,
  ...extra,
})
const anomaly = (
  service: string,
  ids: string[],
  fromMinutes: number,
  significance: number,
  o: Partial<KeyAnomaly> = {},
): KeyAnomaly => ({
  service,
  system_id: 'SYS-0001',
  category: null,
  linked: false,
  from: t0 + fromMinutes * minute,
  to: t0 + (fromMinutes + 2) * minute,
  observed: ids.length,
  expected: 0.1,
  score: significance + 3,
  significance,
  event_ids: ids,
  ...o,
})
const outage: Spec = [
  'outage',
  0,
  'payment-service',
  'critical_incident',
  { category: 'Service Outage' },
]
const rank = (specs: Spec[], anomalies: KeyAnomaly[]) => {
  const [primary, ...correlated] = [outage, ...specs].map(row)
  if (!primary) throw new Error('no primary')
  return rankHypotheses(normalizeBundle({ primary, correlated, anomalies }), { map })
}
const thresholds: Spec[] = [
  ['db1', -6, 'database', 'resource_threshold', { system_id: 'SYS-0001' }],
  ['db2', -5.5, 'database', 'resource_threshold', { system_id: 'SYS-0001' }],
  ['db3', -5, 'database', 'resource_threshold', { system_id: 'SYS-0001' }],
  ['db4', -4.5, 'database', 'resource_threshold', { system_id: 'SYS-0001' }],
]
const dbBurst = anomaly('database', ['db1', 'db2', 'db3', 'db4'], -6, 4)
const callers: Spec[] = [
  ['pay1', -2, 'payment-service', 'performance_degradation', { system_id: 'SYS-0100' }],
  ['gw1', -1, 'api-gateway', 'performance_degradation', { system_id: 'SYS-0200' }],
]
const callerAnomalies = [
  anomaly('payment-service', ['pay1'], -2, 0.5, { system_id: 'SYS-0100' }),
  anomaly('api-gateway', ['gw1'], -1, 0.5, { system_id: 'SYS-0200' }),
]

describe('rankHypotheses over anomalies', () => {
  it('a dependency whose strong burst its callers follow is the root; the outage is its symptom', () => {
    const ranked = rank([...thresholds, ...callers], [dbBurst, ...callerAnomalies])
    expect(ranked.map((g) => g.service)).toEqual(['database', 'payment-service'])
    expect(ranked[0]).toMatchObject({
      category: 'Performance Degradation',
      eventIds: ['db4', 'db3', 'db2', 'db1'],
    })
    expect(ranked[0]?.explains.sort()).toEqual(['api-gateway', 'payment-service'])
    expect(ranked[1]).toMatchObject({ eventIds: ['outage'] })
    expect(ranked[1]?.score).toBeLessThan(0)
  })

  it('busy failures that are not abnormal are no hypothesis and no evidence', () => {
    const noise: Spec[] = Array.from({ length: 30 }, (_, i) => [
      `n${i}`,
      -14 + i / 2,
      i % 2 ? 'database' : 'message-queue',
      'incident_detected',
      { category: 'Hardware Failure' },
    ])
    const ranked = rank(noise, [])
    expect(ranked.map((g) => [g.service, g.category, g.eventIds])).toEqual([
      ['payment-service', 'Service Outage', ['outage']],
    ])
  })

  it('a strong burst on a service the incident does not depend on is not a hypothesis', () => {
    const email: Spec[] = thresholds.map(([id, m, , action, extra]) => [
      id,
      m,
      'email-service',
      action,
      extra,
    ])
    const ranked = rank(email, [{ ...dbBurst, service: 'email-service' }])
    expect(ranked.map((g) => g.service)).toEqual(['payment-service'])
  })

  it('a strong burst that began after the incident does not explain it', () => {
    const later: Spec[] = thresholds.map(([id, m, ...rest]) => [id, m + 8, ...rest])
    const ranked = rank(later, [{ ...dbBurst, from: t0 + 2 * minute, to: t0 + 4 * minute }])
    expect(ranked.map((g) => g.service)).toEqual(['payment-service'])
  })

  const reportAt = (minutes: number) => {
    const bug: Spec = [
      'bug',
      minutes,
      'payment-service',
      'incident_detected',
      { category: 'Software Bug' },
    ]
    const report = anomaly('payment-service', ['bug'], minutes, -1, {
      system_id: null,
      category: 'Software Bug',
      to: t0 + minutes * minute,
    })
    return rank([bug], [report])[0]
  }

  it('an outage takes the category reported just before it, and cites that report', () => {
    expect(reportAt(-2)).toMatchObject({
      service: 'payment-service',
      category: 'Software Bug',
      eventIds: ['outage', 'bug'],
    })
  })

  it('a report long before the outage names nothing', () => {
    expect(reportAt(-9)).toMatchObject({ category: 'Service Outage', eventIds: ['outage'] })
  })

  it('a report that stands out no more than another names nothing', () => {
    const specs: Spec[] = [
      ['bug', -2, 'payment-service', 'incident_detected', { category: 'Software Bug' }],
      ['net', -3, 'payment-service', 'incident_detected', { category: 'Network Issue' }],
    ]
    const report = (id: string, category: string, m: number) =>
      anomaly('payment-service', [id], m, -1, { system_id: null, category, to: t0 + m * minute })
    const [top] = rank(specs, [
      report('bug', 'Software Bug', -2),
      report('net', 'Network Issue', -3),
    ])
    expect(top).toMatchObject({ category: 'Service Outage', eventIds: ['outage'] })
  })

  /** `n` DDoS breaches on a load-balancer system, and their burst. */
  const ddos = (n: number): [Spec[], KeyAnomaly] => {
    const ids = Array.from({ length: n }, (_, i) => `b${i + 1}`)
    const breaches = ids.map((id, i): Spec => [
      id,
      -3.5 + i / 2,
      'load-balancer',
      'security_breach',
      {
        attack_type: 'DDoS',
        system_id: 'SYS-0300',
        service: null,
        linked_service: 'load-balancer',
      },
    ])
    return [breaches, anomaly('load-balancer', ids, -4, 3, { system_id: 'SYS-0300', linked: true })]
  }

  it('a DDoS flood is a hypothesis wherever it sits, with its breaches as evidence', () => {
    const [breaches, flood] = ddos(3)
    const [top] = rank(breaches, [flood])
    expect(top).toMatchObject({
      service: 'load-balancer',
      category: 'Security Breach',
      eventIds: ['b3', 'b2', 'b1'],
    })
  })

  it('two breaches that happen to name DDoS are no flood', () => {
    const [breaches, pair] = ddos(2)
    expect(rank(breaches, [pair]).map((g) => g.service)).toEqual(['payment-service'])
  })
})
