/**
 * Helpers for the scenario tests: plans over many seeds, a compact signature of a cascade to match
 * with a regular expression, and a check that every gap between consecutive events lies in the
 * range its kind documents for that pair of actions.
 */
import type { IncidentAction } from '../../transforms/incident-types.ts'
import { type ServiceMap } from '../../transforms/service-map.ts'
import { loadServiceMap } from '../../config/service-map-file.ts'
import { planScenario, type ScenarioPlan } from './plan-scenario.ts'
import type { ScenarioKind } from './scenario-types.ts'

export const defaultMap: ServiceMap = loadServiceMap()

/** Two-letter codes of the actions, for signatures. */
export const code: Record<IncidentAction, string> = {
  incident_resolved: 'IR',
  system_recovered: 'SR',
  maintenance_completed: 'MC',
  incident_detected: 'ID',
  performance_degradation: 'PD',
  resource_threshold: 'RT',
  critical_incident: 'CI',
  security_breach: 'SB',
  data_corruption: 'DC',
}

/** Plans of one kind for seeds `0..count-1`, scenario index 0, starting at a fixed time. */
export function plansOf(kind: ScenarioKind, count = 200, map = defaultMap): ScenarioPlan[] {
  return Array.from({ length: count }, (_, seed) =>
    planScenario({
      kind,
      seed,
      index: 0,
      startTime: Date.UTC(2026, 10, 28, 3),
      map,
      timing: 'immediate',
    }),
  )
}

/** `RT:database RT:database ID:database ...`, with a trailing space. */
export function signature(plan: ScenarioPlan): string {
  return plan.events.map((e) => `${code[e.action]}:${e.service} `).join('')
}

/**
 * The gaps that fall outside their range, as readable strings; `ranges` is keyed by
 * `'<code>><code>'` pairs of consecutive actions (e.g. `'RT>ID'`).
 */
export function gapViolations(
  plan: ScenarioPlan,
  ranges: Record<string, readonly [number, number]>,
): string[] {
  const bad: string[] = []
  for (let i = 1; i < plan.events.length; i++) {
    const a = plan.events[i - 1]
    const b = plan.events[i]
    if (a === undefined || b === undefined) continue
    const pair = `${code[a.action]}>${code[b.action]}`
    const range = ranges[pair]
    const gap = b.eventTime - a.eventTime
    if (range === undefined) bad.push(`${plan.id}: unexpected pair ${pair}`)
    else if (gap < range[0] || gap > range[1]) bad.push(`${plan.id}: ${pair} gap ${gap} ms`)
  }
  return bad
}
