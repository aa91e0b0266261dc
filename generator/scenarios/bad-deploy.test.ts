import { describe, expect, it } from 'vitest'
import { badDeployTiming as t } from './bad-deploy.ts'
import { gapViolations, plansOf, signature } from './scenario-test-kit.ts'

const plans = plansOf('bad-deploy')

describe('bad-deploy', () => {
  it('deploys auth-service, detects a software bug, goes down, degrades api-gateway, rolls back', () => {
    const shape =
      /^MC:auth-service (ID:auth-service ){1,2}CI:auth-service PD:api-gateway (PD:(web-server|api-gateway|payment-service|search-engine) )?PD:api-gateway IR:auth-service SR:auth-service $/
    for (const plan of plans) expect(signature(plan)).toMatch(shape)
  })

  it('reports software bugs first and a service outage for the critical incident', () => {
    for (const { events, truth } of plans) {
      const detected = events.filter((e) => e.action === 'incident_detected')
      expect(detected.every((e) => e.fields.category === 'Software Bug')).toBe(true)
      const critical = events.find((e) => e.action === 'critical_incident')
      expect(critical?.fields.category).toBe('Service Outage')
      const resolved = events.find((e) => e.action === 'incident_resolved')
      expect(resolved?.fields.incident_id).toBe(critical?.fields.incident_id)
      expect(truth).toMatchObject({ root_service: 'auth-service', root_category: 'Software Bug' })
    }
  })

  it('keeps every gap in its documented range', () => {
    const ranges = {
      'MC>ID': t.detect,
      'ID>ID': t.redetect,
      'ID>CI': t.outage,
      'CI>PD': t.degradation,
      'PD>PD': t.degradation,
      'PD>IR': t.resolve,
      'IR>SR': t.recover,
    }
    expect(plans.flatMap((plan) => gapViolations(plan, ranges))).toEqual([])
  })
})
