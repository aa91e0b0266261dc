/**
 * A network partition around one well-connected service: it reports a network incident first,
 * then its direct neighbours do within a few minutes, some of them degrade, the root goes down,
 * and when the partition heals every side recovers from the network issue.
 */
import { ConfigError } from '@incident-pipeline/dataflow'
import { createPlanBuilder, MINUTE, minutesOf, sample, SECOND } from './plan-builder.ts'
import type { ScenarioDefinition } from './scenario-types.ts'

/** Gaps between the phases, ms. */
export const networkPartitionTiming = {
  /** Before each neighbour's network incident (2 to 4 neighbours). */
  spread: [5 * SECOND, 60 * SECOND],
  /** Before each degradation (1 or 2). */
  degradation: [5 * SECOND, 40 * SECOND],
  /** From the last degradation to the root's outage. */
  outage: [20 * SECOND, 90 * SECOND],
  /** From the outage to the partition healing. */
  heal: [4 * MINUTE, 12 * MINUTE],
  /** Between the recovery steps. */
  recover: [5 * SECOND, 30 * SECOND],
} as const

export const networkPartition: ScenarioDefinition = {
  kind: 'network-partition',
  summary: 'Network Issue incidents on a service and its neighbours',
  plan(random, map) {
    const t = networkPartitionTiming
    const degree = (s: string): number => map.neighbours(s, 1).length
    const hubs = map.services.filter((s) => degree(s) >= 3)
    const connected = map.services.filter((s) => degree(s) >= 1)
    if (connected.length === 0) {
      throw new ConfigError('scenario network-partition needs a service map with dependencies')
    }
    const root = random.pick(hubs.length > 0 ? hubs : connected)
    const near = map.neighbours(root, 1).map((n) => n.service)
    const far = map
      .neighbours(root, 2)
      .map((n) => n.service)
      .filter((s) => !near.includes(s))
    const count = random.int(2, 4)
    const others = [...sample(random, near, count), ...sample(random, far, count)].slice(0, count)
    const b = createPlanBuilder(random)

    const detect = (service: string, severity: string) =>
      b.emit('incident_detected', service, {
        category: 'Network Issue',
        severity,
        assignee: 'network.team',
      })
    detect(root, 'High')
    for (const service of others) {
      b.wait(t.spread)
      detect(service, random.pick(['Medium', 'High']))
    }
    for (const service of sample(random, others, random.int(1, 2))) {
      b.wait(t.degradation)
      b.emit('performance_degradation', service)
    }
    b.wait(t.outage)
    const critical = b.emit('critical_incident', root, {
      category: 'Network Issue',
      escalation_team: 'Network-Team',
    })

    b.wait(t.heal)
    const healedAt = b.offsetMs
    for (const service of [root, ...others]) {
      if (service !== root) b.wait(t.recover)
      b.emit('system_recovered', service, {
        category: 'Network Issue',
        duration_minutes: minutesOf(healedAt),
      })
    }
    b.wait(t.recover)
    b.resolve(critical)
    return { rootService: root, rootCategory: 'Network Issue', events: b.events() }
  },
}
