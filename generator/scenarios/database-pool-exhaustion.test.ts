import { describe, expect, it } from 'vitest'
import { databasePoolExhaustionTiming as t } from './database-pool-exhaustion.ts'
import { defaultMap, gapViolations, plansOf, signature } from './scenario-test-kit.ts'

const plans = plansOf('database-pool-exhaustion')

describe('database-pool-exhaustion', () => {
  it('climbs thresholds on database, degrades upstream, takes payment-service down, resolves', () => {
    const shape =
      /^(RT:database ){3,5}ID:database (PD:\S+ ){3,}CI:payment-service IR:payment-service SR:database IR:database $/
    for (const plan of plans) expect(signature(plan)).toMatch(shape)
  })

  it('degrades only services upstream of database, payment-service first, api-gateway through it', () => {
    for (const { events } of plans) {
      const degraded = events.filter((e) => e.action === 'performance_degradation')
      expect(degraded[0]?.service).toBe('payment-service')
      for (const e of degraded) {
        expect(defaultMap.relation('database', e.service)?.relation).toBe('upstream')
      }
      expect(degraded.map((e) => e.service)).toContain('api-gateway')
      const impacts = degraded.map((e) => e.fields.performance_impact_pct ?? 0)
      expect(impacts).toEqual([...impacts].sort((a, b) => a - b))
    }
  })

  it('has CPU and memory climbing on one database system', () => {
    for (const { events } of plans) {
      const thresholds = events.filter((e) => e.action === 'resource_threshold')
      expect(new Set(thresholds.map((e) => e.fields.system_id)).size).toBe(1)
      const cpu = thresholds.map((e) => e.fields.cpu_pct ?? 0)
      expect(cpu).toEqual([...cpu].sort((a, b) => a - b))
      expect(cpu.at(-1)).toBeGreaterThanOrEqual(97)
    }
  })

  it('resolves the outage it raised, with a duration that matches the elapsed time', () => {
    for (const { events } of plans) {
      const critical = events.find((e) => e.action === 'critical_incident')
      const resolved = events.find(
        (e) => e.action === 'incident_resolved' && e.service === 'payment-service',
      )
      expect(resolved?.fields.incident_id).toBe(critical?.fields.incident_id)
      const minutes = ((resolved?.eventTime ?? 0) - (critical?.eventTime ?? 0)) / 60_000
      expect(Math.abs((resolved?.fields.duration_minutes ?? 0) - minutes)).toBeLessThanOrEqual(0.5)
    }
  })

  it('keeps every gap in its documented range', () => {
    const ranges = {
      'RT>RT': t.threshold,
      'RT>ID': t.detect,
      'ID>PD': t.degradation,
      'PD>PD': t.degradation,
      'PD>CI': t.outage,
      'CI>IR': t.resolve,
      'IR>SR': t.recover,
      'SR>IR': t.recover,
    }
    expect(plans.flatMap((plan) => gapViolations(plan, ranges))).toEqual([])
  })

  it('records its root and affected services', () => {
    for (const { truth } of plans) {
      expect(truth).toMatchObject({
        root_service: 'database',
        root_category: 'Performance Degradation',
      })
      expect(truth.affected_services.slice(0, 2)).toEqual(['database', 'payment-service'])
    }
  })
})
