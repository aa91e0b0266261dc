import { describe, expect, it } from 'vitest'
import {
  assignees,
  attackTypes,
  categories,
  databases,
  escalationTeams,
  fieldRanges,
  incidentTemplates,
  renderTemplate,
  resolvers,
  severities,
} from '../../transforms/incident-templates.ts'
import type { IncidentFieldName } from '../../transforms/incident-types.ts'
import { parseIncident } from '../../transforms/parse-incident.ts'
import { parseServiceMap } from '../../transforms/service-map.ts'
import { isPublicIPv4 } from '../templates.ts'
import { planScenario, scenarioTruth } from './plan-scenario.ts'
import { defaultMap, plansOf } from './scenario-test-kit.ts'
import { scenarioKinds } from './scenario-types.ts'

const templates = new Map(incidentTemplates.map((t) => [t.action, t]))
const pools: Partial<Record<IncidentFieldName, readonly string[]>> = {
  category: categories,
  severity: severities,
  resolver: resolvers,
  assignee: assignees,
  escalation_team: escalationTeams,
  attack_type: attackTypes,
  database: databases,
}
const ranges: Partial<Record<IncidentFieldName, readonly [number, number]>> = {
  affected_users: fieldRanges.affected_users,
  duration_minutes: fieldRanges.duration_minutes,
  performance_impact_pct: fieldRanges.performance_impact_pct,
  cpu_pct: fieldRanges.cpu_pct,
  memory_pct: fieldRanges.memory_pct,
  disk_pct: fieldRanges.disk_pct,
  affected_records: fieldRanges.affected_records,
}
const start = Date.UTC(2026, 10, 28, 3)

describe.each(scenarioKinds)('every %s plan', (kind) => {
  const plans = plansOf(kind)

  it('uses only the original templates, with values from their pools, and parses back', () => {
    for (const plan of plans) {
      for (const e of plan.events) {
        const template = templates.get(e.action)
        expect(template).toBeDefined()
        for (const [name, value] of Object.entries(e.fields)) {
          const pool = pools[name as IncidentFieldName]
          const range = ranges[name as IncidentFieldName]
          if (pool) expect(pool).toContain(value)
          if (range) expect(value).toBeGreaterThanOrEqual(range[0])
          if (range) expect(value).toBeLessThanOrEqual(range[1])
        }
        if (e.fields.source_ip) expect(isPublicIPv4(e.fields.source_ip)).toBe(true)
        expect(e.fields.system_id).toSatisfy((s) => s === undefined || /^SYS-0\d{3}$/.test(s))
        if ('service' in e.fields) expect(e.fields.service).toBe(e.service)
        expect(defaultMap.has(e.service)).toBe(true)
      }
    }
  })

  it('is in time order from its start, with unique ids all recorded in the truth', () => {
    for (const { events, truth } of plans) {
      expect(events[0]?.eventTime).toBe(start)
      expect(truth.start_time).toBe(start)
      expect(truth.end_time).toBe(events.at(-1)?.eventTime)
      for (let i = 1; i < events.length; i++) {
        expect((events[i]?.eventTime ?? 0) - (events[i - 1]?.eventTime ?? 0)).toBeGreaterThan(0)
      }
      expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length)
      expect(truth.event_ids).toEqual(events.map((e) => e.eventId))
      expect(truth.events.map((e) => e.event_id)).toEqual(truth.event_ids)
      expect(truth.truncated).toBe(false)
    }
  })

  it("has the root first among affected services, and the root's first incident names the root category", () => {
    for (const { events, truth } of plans) {
      expect(truth.kind).toBe(kind)
      expect(truth.affected_services[0]).toBe(truth.root_service)
      expect(new Set(truth.affected_services)).toEqual(new Set(events.map((e) => e.service)))
      const detected = events.find(
        (e) => e.service === truth.root_service && e.action === 'incident_detected',
      )
      expect(detected?.fields.category).toBe(truth.root_category)
    }
  })

  it('keeps one system per service, so service-less events can be tied to a service', () => {
    for (const { events } of plans) {
      const systemOf = new Map<string, string>()
      for (const e of events) {
        if (e.fields.system_id === undefined || e.fields.system_id === null) continue
        expect(systemOf.get(e.service) ?? e.fields.system_id).toBe(e.fields.system_id)
        systemOf.set(e.service, e.fields.system_id)
      }
      expect(new Set(systemOf.values()).size).toBe(systemOf.size)
    }
  })

  it('renders messages the parser reads back to the same fields', () => {
    for (const plan of plans.slice(0, 20)) {
      for (const e of plan.events) {
        const template = templates.get(e.action)
        if (template === undefined) throw new Error(e.action)
        const parsed = parseIncident(
          {
            event_id: e.eventId,
            timestamp: new Date(e.eventTime).toISOString(),
            level: template.level,
            message: renderTemplate(template, e.fields),
            source: 'test',
          },
          e.eventTime,
        )
        expect(parsed.parse_status).toBe('parsed')
        expect(parsed.action).toBe(e.action)
        expect(parsed).toMatchObject(e.fields)
      }
    }
  })
})

describe('planScenario', () => {
  const options = {
    seed: 5,
    index: 0,
    startTime: start,
    map: defaultMap,
    timing: 'immediate',
  } as const

  it('is reproducible: same seed and index, same events and ids', () => {
    for (const kind of scenarioKinds) {
      expect(planScenario({ ...options, kind })).toEqual(planScenario({ ...options, kind }))
    }
  })

  it('moves only the times with the start time', () => {
    const a = planScenario({ ...options, kind: 'ddos' })
    const b = planScenario({ ...options, kind: 'ddos', startTime: start + 60_000 })
    expect(b.events.map((e) => e.eventId)).toEqual(a.events.map((e) => e.eventId))
    expect(b.events.map((e) => e.eventTime - 60_000)).toEqual(a.events.map((e) => e.eventTime))
  })

  it('gives other seeds and other scenario numbers other ids', () => {
    const ids = (seed: number, index: number) =>
      planScenario({ ...options, seed, index, kind: 'bad-deploy' }).truth.event_ids
    const all = [...ids(5, 0), ...ids(6, 0), ...ids(5, 1)]
    expect(new Set(all).size).toBe(all.length)
    expect(planScenario({ ...options, index: 3, kind: 'ddos' }).id).toBe('ddos-5-3')
  })

  it('draws every kind for random, reproducibly', () => {
    const kinds = Array.from(
      { length: 100 },
      (_, index) => planScenario({ ...options, index, kind: 'random' }).kind,
    )
    expect(new Set(kinds)).toEqual(new Set(scenarioKinds))
    expect(planScenario({ ...options, index: 7, kind: 'random' }).kind).toBe(kinds[7])
  })

  it('builds a truncated truth from the events sent', () => {
    const plan = planScenario({ ...options, kind: 'disk-filling' })
    const truth = scenarioTruth(plan, plan.events.slice(0, 2))
    expect(truth).toMatchObject({ truncated: true, affected_services: ['backup-service'] })
    expect(truth.event_ids).toEqual(plan.truth.event_ids.slice(0, 2))
    expect(truth.end_time).toBe(plan.events[1]?.eventTime)
  })

  it('refuses a map without the services a kind needs', () => {
    const tiny = parseServiceMap({ services: { a: { dependsOn: [] } } })
    expect(() => planScenario({ ...options, map: tiny, kind: 'disk-filling' })).toThrow(
      "scenario disk-filling needs service 'backup-service' in the service map",
    )
    expect(() => planScenario({ ...options, map: tiny, kind: 'network-partition' })).toThrow(
      /needs a service map with dependencies/,
    )
  })

  it('follows a custom map', () => {
    const custom = parseServiceMap({
      services: {
        shop: { dependsOn: ['database'] },
        database: { dependsOn: [] },
      },
    })
    const plan = planScenario({ ...options, map: custom, kind: 'database-pool-exhaustion' })
    expect(plan.truth.affected_services).toEqual(['database', 'shop'])
    expect(plan.events.find((e) => e.action === 'critical_incident')?.service).toBe('shop')
  })
})
