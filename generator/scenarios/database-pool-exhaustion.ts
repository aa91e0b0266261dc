/**
 * Connection-pool exhaustion on `database`: its resource thresholds climb, it reports a
 * performance incident, the services that depend on it degrade, `payment-service` goes down, and
 * after some minutes the outage is resolved and the database recovers.
 */
import {
  callerOf,
  climb,
  createPlanBuilder,
  MINUTE,
  minutesOf,
  sample,
  SECOND,
} from './plan-builder.ts'
import type { ScenarioDefinition } from './scenario-types.ts'

const root = 'database'
const preferredOutage = 'payment-service'

/** Gaps between the phases, ms. */
export const databasePoolExhaustionTiming = {
  /** Between two resource thresholds on the database (3 to 5 of them). */
  threshold: [15 * SECOND, 45 * SECOND],
  /** From the last threshold to the database's incident. */
  detect: [10 * SECOND, 40 * SECOND],
  /** Before each performance degradation upstream. */
  degradation: [10 * SECOND, 60 * SECOND],
  /** From the last degradation to the critical outage. */
  outage: [30 * SECOND, 2 * MINUTE],
  /** From the outage to its resolution. */
  resolve: [5 * MINUTE, 15 * MINUTE],
  /** Between the resolution steps. */
  recover: [10 * SECOND, 60 * SECOND],
} as const

export const databasePoolExhaustion: ScenarioDefinition = {
  kind: 'database-pool-exhaustion',
  summary: 'database saturates, its callers degrade, payment-service goes down',
  plan(random, map) {
    const t = databasePoolExhaustionTiming
    const { caller: outage, callers } = callerOf(
      'database-pool-exhaustion',
      map,
      root,
      preferredOutage,
    )
    // The outage service, one or two more direct callers, and the callers of the outage service.
    const degraded = [
      ...new Set([
        outage,
        ...sample(
          random,
          callers.filter((s) => s !== outage),
          random.int(1, 2),
        ),
        ...map.upstreamOf(outage),
      ]),
    ]
    const b = createPlanBuilder(random)

    const thresholds = random.int(3, 5)
    const cpu = climb(random, thresholds, 78, 99)
    const memory = climb(random, thresholds, 80, 95)
    b.repeat(thresholds, t.threshold, (i) => {
      b.emit('resource_threshold', root, { cpu_pct: cpu[i], memory_pct: memory[i] })
    })
    b.wait(t.detect)
    const incident = b.emit('incident_detected', root, {
      category: 'Performance Degradation',
      severity: 'High',
      assignee: 'ops.team',
    })

    const impact = climb(random, degraded.length + 2, 35, 190)
    const order = [...degraded, ...sample(random, degraded, 2)]
    order.forEach((service, i) => {
      b.wait(t.degradation)
      b.emit('performance_degradation', service, { performance_impact_pct: impact[i] })
    })

    b.wait(t.outage)
    const critical = b.emit('critical_incident', outage, {
      category: 'Service Outage',
      escalation_team: 'Database-Admin',
    })

    b.wait(t.resolve)
    b.resolve(critical)
    b.wait(t.recover)
    b.emit('system_recovered', root, {
      category: 'Performance Degradation',
      duration_minutes: minutesOf(b.offsetMs - incident.offsetMs),
    })
    b.wait(t.recover)
    b.resolve(incident)
    return { rootService: root, rootCategory: 'Performance Degradation', events: b.events() }
  },
}
