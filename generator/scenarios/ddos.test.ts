import { describe, expect, it } from 'vitest'
import { ddosTiming as t } from './ddos.ts'
import { defaultMap, gapViolations, plansOf, signature } from './scenario-test-kit.ts'

const plans = plansOf('ddos')

describe('ddos', () => {
  it('bursts DDoS breaches on the edge, then degradations, then critical outages, then recovery', () => {
    const shape =
      /^(SB:(\S+) ){3,6}ID:\2 PD:\2 (PD:\S+ ){1,3}PD:\2 CI:\2 (CI:\S+ )?SR:\2 IR:\2 (IR:\S+ )?$/
    for (const plan of plans) expect(signature(plan)).toMatch(shape)
    const roots = new Set(plans.map((p) => p.truth.root_service))
    expect(roots).toEqual(new Set(['load-balancer', 'cdn']))
  })

  it('attacks one system from distinct public addresses', () => {
    for (const { events, truth } of plans) {
      const breaches = events.filter((e) => e.action === 'security_breach')
      expect(breaches.every((e) => e.fields.attack_type === 'DDoS')).toBe(true)
      expect(breaches.every((e) => e.service === truth.root_service)).toBe(true)
      expect(new Set(breaches.map((e) => e.fields.source_ip)).size).toBe(breaches.length)
      const rootSystem = events.find(
        (e) => e.action === 'performance_degradation' && e.service === truth.root_service,
      )?.fields.system_id
      expect(new Set(breaches.map((e) => e.fields.system_id))).toEqual(new Set([rootSystem]))
    }
  })

  it('degrades the target and its direct neighbours only', () => {
    for (const { events, truth } of plans) {
      for (const e of events.filter((x) => x.action === 'performance_degradation')) {
        expect(defaultMap.relation(truth.root_service, e.service, 1)).toBeDefined()
      }
    }
  })

  it('sometimes takes a neighbour down too', () => {
    const criticals = plans.map(
      (p) => p.events.filter((e) => e.action === 'critical_incident').length,
    )
    expect(new Set(criticals)).toEqual(new Set([1, 2]))
  })

  it('keeps every gap in its documented range', () => {
    const ranges = {
      'SB>SB': t.breach,
      'SB>ID': t.detect,
      'ID>PD': t.degradation,
      'PD>PD': t.degradation,
      'PD>CI': t.outage,
      'CI>CI': t.outage,
      'CI>SR': t.resolve,
      'SR>IR': t.recover,
      'IR>IR': t.recover,
    }
    expect(plans.flatMap((plan) => gapViolations(plan, ranges))).toEqual([])
  })

  it('records a security breach as its root category', () => {
    for (const { truth } of plans) expect(truth.root_category).toBe('Security Breach')
  })
})
