/**
 * The parts of a root-cause hypothesis both rankings share (`rank-hypotheses.ts` over cascades,
 * `rank-anomalies.ts` over abnormal bursts): what the group of a hypothesis holds, how its
 * category is voted, how its evidence is ordered, and when its run is a flood. Pure.
 */
import { categoryOf } from './episode.ts'
import type { Incident } from './incident-row.ts'

export interface RankedGroup {
  service: string | undefined
  category: string
  score: number
  /**
   * Evidence, strongest first: the events of the hypothesis's run that report its category, the
   * symptoms (thresholds, degradations) among them, and the selected incident when it holds it.
   * The selected incident leads, then reports before symptoms, errors before warnings, and the
   * closest in time to the selected incident.
   */
  eventIds: string[]
  errors: number
  warnings: number
  firstFailure: Incident
  escalationTeams: string[]
  attackTypes: string[]
  sourceIps: string[]
  databases: string[]
  containsPrimary: boolean
  /** Hypotheses that depend on this one and failed after it: the escalation path. */
  explains: string[]
}

// Events that report an incident of a category, as opposed to symptoms that only hint at one.
export const reports = new Set([
  'incident_detected',
  'critical_incident',
  'security_breach',
  'data_corruption',
])

interface Votes {
  reported: number
  hinted: number
  first: number
}

/** The votes of the failures per category, and the winner under `order` ('unknown' if none). */
function vote(failures: readonly Incident[], order: (a: Votes, b: Votes) => number): string {
  const votes = new Map<string, Votes>()
  for (const [i, e] of failures.entries()) {
    const category = categoryOf(e)
    if (category === undefined) continue
    const v = votes.get(category) ?? { reported: 0, hinted: 0, first: i }
    if (reports.has(e.action)) v.reported++
    else v.hinted++
    votes.set(category, v)
  }
  const [best] = [...votes].sort(([, a], [, b]) => order(a, b) || a.first - b.first)
  return best?.[0] ?? 'unknown'
}

/** The category reported most often; symptom hints, then the earliest report, break ties. */
export function reportedCategory(failures: readonly Incident[]): string {
  return vote(failures, (a, b) => b.reported - a.reported || b.hinted - a.hinted)
}

/** The category of most of the failures; reports, then the earliest, break ties. */
export function majorityCategory(failures: readonly Incident[]): string {
  return vote(
    failures,
    (a, b) => b.reported + b.hinted - (a.reported + a.hinted) || b.reported - a.reported,
  )
}

/** At least `min` DDoS breaches (two by default): the run is where a flood enters. */
export function floods(run: readonly Incident[], min = 2): boolean {
  return run.filter((e) => e.attack_type === 'DDoS').length >= min
}

/** Evidence order: the selected incident, reports, errors, then closeness in time to it. */
export function strongestFirst(events: readonly Incident[], primary: Incident): Incident[] {
  const rank = (e: Incident) =>
    (e === primary ? 0 : 4) + (reports.has(e.action) ? 0 : 2) + (e.level === 'ERROR' ? 0 : 1)
  const distance = (e: Incident) => Math.abs(e.event_time - primary.event_time)
  return [...events].sort(
    (a, b) =>
      rank(a) - rank(b) || distance(a) - distance(b) || a.event_id.localeCompare(b.event_id),
  )
}

export function distinct(
  events: readonly Incident[],
  pick: (e: Incident) => string | null,
): string[] {
  return [...new Set(events.map(pick).filter((v): v is string => v !== null))]
}

/**
 * The group of a hypothesis: its run's counts and details, and as evidence the run's events of
 * its category (and the selected incident when the run holds it), strongest first.
 */
export function groupOf(
  primary: Incident,
  h: { service: string | undefined; run: readonly Incident[]; category: string; score: number },
  explains: string[],
): RankedGroup {
  const { run, category } = h
  const supports = (e: Incident) => e === primary || categoryOf(e) === category
  return {
    service: h.service,
    category,
    score: h.score,
    eventIds: strongestFirst(run.filter(supports), primary).map((e) => e.event_id),
    errors: run.filter((e) => e.level === 'ERROR').length,
    warnings: run.filter((e) => e.level === 'WARNING').length,
    firstFailure: run[0] ?? primary,
    escalationTeams: distinct(run, (e) => e.escalation_team),
    attackTypes: distinct(run, (e) => e.attack_type),
    sourceIps: distinct(run, (e) => e.source_ip),
    databases: distinct(run, (e) => e.database),
    containsPrimary: run.includes(primary),
    explains,
  }
}

/** Hypotheses by score, the earliest failure first on a tie. */
export function byScore(a: RankedGroup, b: RankedGroup): number {
  return b.score - a.score || a.firstFailure.event_time - b.firstFailure.event_time
}
