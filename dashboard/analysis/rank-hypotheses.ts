/**
 * Offline root-cause ranking. Events are grouped by (service, category) — the category the
 * message states, or one implied by the action (a security breach, data corruption, a
 * performance or resource warning, an outage) — and each group is scored on the evidence an
 * on-call engineer would weigh: how early its first failure came, its share of the ERROR and
 * WARNING events, whether it was escalated, and whether it holds the chosen incident. Pure.
 */
import type { Incident, IncidentBundle } from './incident-row.ts'

export interface RankedGroup {
  service: string | undefined
  category: string
  score: number
  /** Event ids of the group, oldest first. */
  eventIds: string[]
  errors: number
  warnings: number
  firstFailure: Incident
  escalationTeams: string[]
  attackTypes: string[]
  sourceIps: string[]
  databases: string[]
  containsPrimary: boolean
}

const WEIGHTS = { earliness: 0.3, errors: 0.3, failures: 0.15, escalated: 0.1, primary: 0.15 }

/** The category an event is evidence for, if any. */
export function categoryOf(event: Incident): string | undefined {
  if (event.category) return event.category
  if (event.action === 'security_breach' || event.attack_type || event.is_security) {
    return 'Security Breach'
  }
  if (event.action === 'data_corruption' || event.is_data_loss_risk) return 'Data Corruption'
  if (event.action === 'performance_degradation' || event.action === 'resource_threshold') {
    return 'Performance Degradation'
  }
  if (event.is_outage) return 'Service Outage'
  return undefined
}

/**
 * @example
 * const [top] = rankHypotheses(bundle)
 * top?.category // 'Network Issue'
 */
export function rankHypotheses(bundle: IncidentBundle): RankedGroup[] {
  const groups = new Map<string, Incident[]>()
  for (const event of bundle.events) {
    const category = categoryOf(event)
    if (category === undefined) continue
    const key = `${event.service ?? ''}\u0000${category}`
    groups.set(key, [...(groups.get(key) ?? []), event])
  }
  const isFailure = (e: Incident) => e.level !== 'INFO'
  const totalErrors = bundle.events.filter((e) => e.level === 'ERROR').length
  const totalFailures = bundle.events.filter(isFailure).length

  const ranked = [...groups.values()].map((events) => {
    const failures = events.filter(isFailure)
    const first = failures[0] ?? events[0]
    if (first === undefined) throw new Error('empty hypothesis group')
    const distinct = (pick: (e: Incident) => string | null) => [
      ...new Set(events.map(pick).filter((v): v is string => v !== null)),
    ]
    return {
      service: first.service ?? undefined,
      category: categoryOf(first) ?? 'unknown',
      score: 0,
      eventIds: events.map((e) => e.event_id),
      errors: events.filter((e) => e.level === 'ERROR').length,
      warnings: events.filter((e) => e.level === 'WARNING').length,
      firstFailure: first,
      escalationTeams: distinct((e) => e.escalation_team),
      attackTypes: distinct((e) => e.attack_type),
      sourceIps: distinct((e) => e.source_ip),
      databases: distinct((e) => e.database),
      containsPrimary: events.some((e) => e.event_id === bundle.primary.event_id),
      failureCount: failures.length,
    }
  })

  const byFirstFailure = [...ranked].sort(
    (a, b) => failureTime(a) - failureTime(b) || a.category.localeCompare(b.category),
  )
  for (const group of ranked) {
    const earliness =
      ranked.length === 1 ? 1 : 1 - byFirstFailure.indexOf(group) / (ranked.length - 1)
    group.score =
      WEIGHTS.earliness * (group.failureCount > 0 ? earliness : 0) +
      WEIGHTS.errors * (totalErrors === 0 ? 0 : group.errors / totalErrors) +
      WEIGHTS.failures * (totalFailures === 0 ? 0 : group.failureCount / totalFailures) +
      WEIGHTS.escalated * (group.escalationTeams.length > 0 ? 1 : 0) +
      WEIGHTS.primary * (group.containsPrimary ? 1 : 0)
  }
  return ranked
    .sort((a, b) => b.score - a.score || failureTime(a) - failureTime(b))
    .map(({ failureCount: _failureCount, ...group }) => group)
}

function failureTime(group: { firstFailure: Incident }): number {
  return group.firstFailure.event_time
}

/** Offline confidence: scores map to 0.15..0.85; rules never claim certainty. */
export function confidenceOf(score: number): number {
  return Math.round((0.15 + 0.7 * Math.min(1, Math.max(0, score))) * 100) / 100
}
