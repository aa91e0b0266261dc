// Ranking on bundles built from seeded scenarios (no noise): the root service is first for each
// scenario kind, with its category, and every cited id is an event of the bundle.
import { describe, expect, it } from 'vitest'
import { planScenario } from '../../generator/scenarios/plan-scenario.ts'
import { scenarioKinds } from '../../generator/scenarios/scenario-types.ts'
import { incidentTemplates, renderTemplate } from '../../transforms/incident-templates.ts'
import { enrichIncident } from '../../transforms/enrich-incident.ts'
import { parseIncident } from '../../transforms/parse-incident.ts'
import { loadServiceMap } from '../../config/service-map-file.ts'
import { normalizeBundle, type IncidentRow } from './incident-row.ts'
import { analyzeOffline } from './offline-analyzer.ts'
import { rankHypotheses } from './rank-hypotheses.ts'

const map = loadServiceMap()
const templates = new Map(incidentTemplates.map((t) => [t.action, t]))

function scenarioBundle(kind: (typeof scenarioKinds)[number], index: number) {
  const plan = planScenario({
    kind,
    seed: 3,
    index,
    startTime: Date.UTC(2026, 10, 28),
    map,
    timing: 'immediate',
  })
  const rows = plan.events.map((e, offset) => {
    const template = templates.get(e.action)
    if (!template) throw new Error(`no template ${e.action}`)
    const event = {
      event_id: e.eventId,
      timestamp: new Date(e.eventTime).toISOString(),
      level: template.level,
      message: renderTemplate(template, e.fields),
      source: 'test',
    }
    return Object.fromEntries(
      Object.entries(enrichIncident(parseIncident(event, e.eventTime), { partition: 0, offset })),
    )
  })
  const primary =
    plan.events.find((e) => e.action === 'critical_incident') ??
    plan.events.find((e) => e.fields.severity === 'Critical')
  const primaryRow = rows.find((r) => r.event_id === primary?.eventId)
  if (!primaryRow) throw new Error('no primary')
  return { plan, bundle: normalizeBundle({ primary: primaryRow, correlated: rows }) }
}

describe('rankHypotheses on scenario bundles', () => {
  it.each(scenarioKinds.flatMap((k) => [0, 1, 2].map((i) => [k, i] as const)))(
    '%s #%i: the root service first, with its category',
    (kind, index) => {
      const { plan, bundle } = scenarioBundle(kind, index)
      const [top] = rankHypotheses(bundle, { map })
      expect(top?.service).toBe(plan.truth.root_service)
      expect(top?.category).toBe(plan.truth.root_category)
      const ids = new Set(bundle.events.map((e) => e.event_id))
      const content = analyzeOffline(bundle, { maxTimeline: 40, maxHypotheses: 3, map })
      for (const h of content.root_cause_hypotheses) {
        for (const id of h.supporting_event_ids) expect(ids.has(id)).toBe(true)
      }
    },
  )
})

describe('rankHypotheses with background noise', () => {
  const t0 = Date.parse('2026-11-28T03:00:00Z')
  type Spec = [minutes: number, service: string, action: string, extra?: Partial<IncidentRow>]
  const levels: Record<string, IncidentRow['level']> = { critical_incident: 'ERROR' }
  const rows = (specs: Spec[]): IncidentRow[] =>
    specs.map(([m, service, action, extra], i) => ({
      event_id: `e${i}`,
      event_time: t0 + m * 60_000,
      level: levels[action] ?? 'WARNING',
      action,
      service,
      ...extra,
    }))
  const outage: Spec = [0, 'payment-service', 'critical_incident', { category: 'Service Outage' }]
  const rank = (specs: Spec[]) => {
    const [primary, ...correlated] = rows([outage, ...specs])
    if (!primary) throw new Error('no primary')
    return rankHypotheses(normalizeBundle({ primary, correlated }), { map })
  }
  const pool: Spec[] = [
    [-5, 'database', 'resource_threshold'],
    [-4.5, 'database', 'resource_threshold'],
    [-4, 'database', 'resource_threshold'],
    [-3.5, 'database', 'incident_detected', { category: 'Performance Degradation' }],
    [-2, 'payment-service', 'performance_degradation'],
    [-1, 'api-gateway', 'performance_degradation'],
  ]

  it('a dense burst on a dependency, chained to the outage, is the root; the outage is its symptom', () => {
    const ranked = rank(pool)
    expect(ranked.map((g) => g.service)).toEqual(['database', 'payment-service'])
    expect(ranked[0]).toMatchObject({
      category: 'Performance Degradation',
      explains: ['payment-service'],
    })
  })

  it('stray failures on dependencies are not hypotheses and do not make the outage a symptom', () => {
    const ranked = rank([
      [-6, 'database', 'incident_detected', { category: 'Hardware Failure' }],
      [-2, 'message-queue', 'performance_degradation'],
      [-1.5, 'message-queue', 'resource_threshold'],
      [-1, 'payment-service', 'incident_detected', { category: 'Network Issue' }],
    ])
    expect(ranked.map((g) => [g.service, g.category])).toEqual([
      ['payment-service', 'Network Issue'],
    ])
  })

  it('a burst that ended before the cascade began is noise, however dense', () => {
    const earlier = pool.slice(0, 4).map(([m, ...rest]): Spec => [m - 10, ...rest])
    const ranked = rank([...earlier, [-2, 'payment-service', 'performance_degradation']])
    expect(ranked.map((g) => g.service)).toEqual(['payment-service'])
  })

  it('cites only the events of the hypothesis category, the report first, then the closest', () => {
    const [top, second] = rank([
      ...pool,
      [-3, 'database', 'incident_detected', { category: 'Software Bug' }],
    ])
    expect(top?.service).toBe('database')
    // e4 reports the incident; the thresholds e3, e2, e1 follow, closest to the outage first.
    expect(top?.eventIds).toEqual(['e4', 'e3', 'e2', 'e1'])
    expect(second).toMatchObject({ category: 'Service Outage', eventIds: ['e0'] })
  })

  it('a DDoS flood is the root even when a dependency failed first', () => {
    const ddos = (m: number): Spec => [m, 'cdn', 'security_breach', { attack_type: 'DDoS' }]
    const [primary, ...correlated] = rows([
      [0, 'cdn', 'critical_incident', { category: 'Service Outage' }],
      [-6, 'file-storage', 'resource_threshold'],
      [-5.5, 'file-storage', 'resource_threshold'],
      [-5, 'file-storage', 'resource_threshold'],
      [-4.5, 'file-storage', 'performance_degradation'],
      ddos(-4),
      ddos(-3.8),
      ddos(-3.6),
      [-2, 'cdn', 'performance_degradation'],
    ])
    if (!primary) throw new Error('no primary')
    const ranked = rankHypotheses(normalizeBundle({ primary, correlated }), { map })
    expect(ranked.map((g) => [g.service, g.category])).toEqual([
      ['cdn', 'Security Breach'],
      ['file-storage', 'Performance Degradation'],
    ])
  })
})
