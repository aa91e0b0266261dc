/**
 * A DDoS on the edge (`load-balancer` or `cdn`): a burst of security breaches with attack type
 * DDoS from many source IPs against the target's system, a security incident, degradation of the
 * target and its direct neighbours as the flood passes through, a critical outage of the target
 * (sometimes of a neighbour too), then recovery once the traffic is filtered.
 */
import { ConfigError } from '@incident-pipeline/dataflow'
import { createPlanBuilder, MINUTE, minutesOf, sample, SECOND } from './plan-builder.ts'
import type { ScenarioDefinition } from './scenario-types.ts'

const targets = ['load-balancer', 'cdn'] as const

/** Gaps between the phases, ms. */
export const ddosTiming = {
  /** Between two security breaches of the burst (3 to 6 of them). */
  breach: [2 * SECOND, 20 * SECOND],
  /** From the last breach to the security incident. */
  detect: [5 * SECOND, 30 * SECOND],
  /** Before each performance degradation. */
  degradation: [10 * SECOND, 45 * SECOND],
  /** From the last degradation to the target's outage, and from it to a neighbour's outage. */
  outage: [20 * SECOND, 90 * SECOND],
  /** From the (last) outage to the recovery. */
  resolve: [5 * MINUTE, 20 * MINUTE],
  /** Between the recovery steps. */
  recover: [10 * SECOND, 60 * SECOND],
} as const

export const ddos: ScenarioDefinition = {
  kind: 'ddos',
  summary: 'DDoS breaches on load-balancer or cdn, degradation, outage',
  plan(random, map) {
    const candidates = targets.filter((s) => map.has(s))
    if (candidates.length === 0) {
      throw new ConfigError(
        `scenario ddos needs service '${targets.join("' or '")}' in the service map`,
      )
    }
    const t = ddosTiming
    const target = random.pick(candidates)
    const neighbours = map.neighbours(target, 1).map((n) => n.service)
    const b = createPlanBuilder(random)

    const breaches = random.int(3, 6)
    b.repeat(breaches, t.breach, () => {
      b.emit('security_breach', target, { attack_type: 'DDoS' })
    })
    b.wait(t.detect)
    b.emit('incident_detected', target, {
      category: 'Security Breach',
      severity: 'Critical',
      assignee: 'security.team',
    })

    const degraded = [target, ...sample(random, neighbours, random.int(1, 3)), target]
    b.degrade(degraded, t.degradation, [60, 200])

    b.wait(t.outage)
    const critical = b.emit('critical_incident', target, {
      category: 'Service Outage',
      escalation_team: 'Security-Team',
    })
    const criticals = [critical]
    const collateral = degraded.find((s) => s !== target)
    if (collateral !== undefined && random.next() < 0.5) {
      b.wait(t.outage)
      criticals.push(
        b.emit('critical_incident', collateral, {
          category: 'Service Outage',
          escalation_team: 'Network-Team',
        }),
      )
    }

    b.wait(t.resolve)
    b.emit('system_recovered', target, {
      category: 'Security Breach',
      duration_minutes: minutesOf(b.offsetMs - critical.offsetMs),
    })
    for (const c of criticals) {
      b.wait(t.recover)
      b.resolve(c)
    }
    return { rootService: target, rootCategory: 'Security Breach', events: b.events() }
  },
}
