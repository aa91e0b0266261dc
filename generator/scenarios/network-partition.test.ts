import { describe, expect, it } from 'vitest'
import { networkPartitionTiming as t } from './network-partition.ts'
import { defaultMap, gapViolations, plansOf, signature } from './scenario-test-kit.ts'

const plans = plansOf('network-partition')

describe('network-partition', () => {
  it('reports network issues on the root, then its neighbours, an outage, then recovery', () => {
    const shape = /^ID:(\S+) (ID:\S+ ){2,4}(PD:\S+ ){1,2}CI:\1 SR:\1 (SR:\S+ ){2,4}IR:\1 $/
    for (const plan of plans) expect(signature(plan)).toMatch(shape)
    expect(new Set(plans.map((p) => p.truth.root_service)).size).toBeGreaterThan(5)
  })

  it('spreads Network Issue incidents over 3 to 5 nearby services within minutes', () => {
    for (const { events, truth } of plans) {
      const detected = events.filter((e) => e.action === 'incident_detected')
      expect(detected.every((e) => e.fields.category === 'Network Issue')).toBe(true)
      const services = new Set(detected.map((e) => e.service))
      expect(services.size).toBe(detected.length)
      expect(services.size).toBeGreaterThanOrEqual(3)
      const span = (detected.at(-1)?.eventTime ?? 0) - (detected[0]?.eventTime ?? 0)
      expect(span).toBeLessThanOrEqual(4 * 60_000)
      for (const s of services) expect(defaultMap.relation(truth.root_service, s, 2)).toBeDefined()
      expect(truth.root_category).toBe('Network Issue')
    }
  })

  it('keeps every gap in its documented range', () => {
    const ranges = {
      'ID>ID': t.spread,
      'ID>PD': t.degradation,
      'PD>PD': t.degradation,
      'PD>CI': t.outage,
      'CI>SR': t.heal,
      'SR>SR': t.recover,
      'SR>IR': t.recover,
    }
    expect(plans.flatMap((plan) => gapViolations(plan, ranges))).toEqual([])
  })
})
