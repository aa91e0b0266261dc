import { describe, expect, it } from 'vitest'
import { parseServiceMap } from '../../transforms/service-map.ts'
import { createRandom } from '../random.ts'
import { callerOf, createPlanBuilder, MINUTE, SECOND } from './plan-builder.ts'

const map = parseServiceMap({
  services: {
    db: { dependsOn: [] },
    api: { dependsOn: ['db'] },
    web: { dependsOn: ['db'] },
  },
})

describe('plan builder steps', () => {
  it('repeats a step with a gap between two steps, none before the first', () => {
    const b = createPlanBuilder(createRandom(1))
    b.repeat(3, [SECOND, SECOND], () => b.emit('security_breach', 'web'))
    expect(b.events().map((e) => e.offsetMs)).toEqual([0, SECOND, 2 * SECOND])
  })

  it('degrades each service after a gap, with a climbing impact', () => {
    const b = createPlanBuilder(createRandom(2))
    b.degrade(['api', 'web', 'api'], [SECOND, SECOND], [40, 180])
    const events = b.events()
    expect(events.map((e) => [e.offsetMs, e.service, e.action])).toEqual([
      [SECOND, 'api', 'performance_degradation'],
      [2 * SECOND, 'web', 'performance_degradation'],
      [3 * SECOND, 'api', 'performance_degradation'],
    ])
    const impact = events.map((e) => Number(e.fields.performance_impact_pct))
    expect(impact).toEqual([...impact].sort((x, y) => x - y))
    expect(impact[2]).toBeGreaterThan(impact[0] as number)
  })

  it('resolves an incident with its id, its users and the minutes since it', () => {
    const b = createPlanBuilder(createRandom(3))
    const critical = b.emit('critical_incident', 'db')
    b.wait([7 * MINUTE, 7 * MINUTE])
    const resolved = b.resolve(critical)
    expect(resolved).toMatchObject({ action: 'incident_resolved', service: 'db' })
    expect(resolved.fields).toMatchObject({
      incident_id: critical.fields.incident_id,
      affected_users: critical.fields.affected_users,
      duration_minutes: 7,
    })
  })
})

describe('callerOf', () => {
  it('prefers the named caller, else takes the first', () => {
    expect(callerOf('bad-deploy', map, 'db', 'web')).toEqual({
      caller: 'web',
      callers: ['api', 'web'],
    })
    expect(callerOf('bad-deploy', map, 'db', 'cdn').caller).toBe('api')
  })

  it('names the kind when the root is missing or nothing calls it', () => {
    expect(() => callerOf('bad-deploy', map, 'auth', 'web')).toThrow(
      "scenario bad-deploy needs service 'auth' in the service map",
    )
    expect(() => callerOf('ddos', map, 'web', 'api')).toThrow(
      'scenario ddos needs a service that depends on web',
    )
  })
})
