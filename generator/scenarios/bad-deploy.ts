/**
 * A bad deploy on `auth-service`: the deploy shows up as completed maintenance ("no issues
 * detected"), then a software-bug incident is detected, the service goes down, the services that
 * call it (`api-gateway` first) degrade, and a rollback resolves the outage minutes later.
 */
import { callerOf, createPlanBuilder, MINUTE, minutesOf, sample, SECOND } from './plan-builder.ts'
import type { ScenarioDefinition } from './scenario-types.ts'

const root = 'auth-service'
const preferredCaller = 'api-gateway'

/** Gaps between the phases, ms. */
export const badDeployTiming = {
  /** From the deploy to the first software-bug incident. */
  detect: [30 * SECOND, 3 * MINUTE],
  /** From one software-bug incident to a second one (half of the runs). */
  redetect: [20 * SECOND, 90 * SECOND],
  /** From the last incident to the outage. */
  outage: [30 * SECOND, 2 * MINUTE],
  /** Before each degradation upstream. */
  degradation: [5 * SECOND, 40 * SECOND],
  /** From the outage to the rollback resolving it. */
  resolve: [4 * MINUTE, 12 * MINUTE],
  /** Between the resolution steps. */
  recover: [10 * SECOND, 60 * SECOND],
} as const

export const badDeploy: ScenarioDefinition = {
  kind: 'bad-deploy',
  summary: 'auth-service deploy, software bug, outage, api-gateway slow',
  plan(random, map) {
    const t = badDeployTiming
    const { caller, callers } = callerOf('bad-deploy', map, root, preferredCaller)
    const others = [
      ...new Set(
        [...callers, ...callers.flatMap((c) => map.upstreamOf(c))].filter((s) => s !== caller),
      ),
    ]
    const degraded = [caller, ...sample(random, others, random.int(0, 1)), caller]
    const b = createPlanBuilder(random)

    b.emit('maintenance_completed', root, { duration_minutes: random.int(5, 30) })
    b.wait(t.detect)
    const incident = b.emit('incident_detected', root, {
      category: 'Software Bug',
      severity: 'High',
      assignee: 'dev.team',
    })
    if (random.next() < 0.5) {
      b.wait(t.redetect)
      b.emit('incident_detected', root, {
        category: 'Software Bug',
        severity: 'Critical',
        assignee: 'dev.team',
      })
    }
    b.wait(t.outage)
    const critical = b.emit('critical_incident', root, {
      category: 'Service Outage',
      escalation_team: 'DevOps',
    })

    b.degrade(degraded, t.degradation, [40, 180])

    b.wait(t.resolve)
    b.resolve(critical)
    b.wait(t.recover)
    b.emit('system_recovered', root, {
      category: 'Software Bug',
      duration_minutes: minutesOf(b.offsetMs - incident.offsetMs),
    })
    return { rootService: root, rootCategory: 'Software Bug', events: b.events() }
  },
}
