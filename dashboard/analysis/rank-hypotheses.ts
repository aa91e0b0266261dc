/**
 * Offline root-cause ranking over the dependency map. Events are tied to a service (through their
 * system id when they name none) and each failing service becomes a hypothesis. Its evidence is
 * its burst: the run of its failures (WARNING, ERROR) closest to the selected incident, gaps of at
 * most a few minutes apart. A service scores for failing early, for being depended upon by other
 * services that failed after it (failures propagate upstream, so the cause sits downstream), for
 * the weight of its burst, and for holding the selected incident; it loses when something it
 * depends on failed before it. A DDoS (security breaches of attack type DDoS) on an edge service,
 * one nothing depends on, is the exception: the flood enters there, so the edge is the root. The
 * category is the one the service reports first. Pure.
 */
import type { ServiceMap } from '../../transforms/service-map.ts'
import { eventServices } from './event-services.ts'
import type { Incident, IncidentBundle } from './incident-row.ts'

export interface RankedGroup {
  service: string | undefined
  category: string
  score: number
  /** Event ids of the hypothesis's burst, oldest first. */
  eventIds: string[]
  errors: number
  warnings: number
  firstFailure: Incident
  escalationTeams: string[]
  attackTypes: string[]
  sourceIps: string[]
  databases: string[]
  containsPrimary: boolean
  /** Failing services that depend on this one and failed after it: the escalation path. */
  explains: string[]
}

export interface RankOptions {
  /** The dependency map; without it no service explains another. */
  map?: ServiceMap
  /** Largest gap between two failures of one burst, ms. */
  burstGapMs?: number
}

const WEIGHTS = { earliness: 0.3, explains: 0.35, volume: 0.15, primary: 0.1, ddos: 0.6 }
const symptomPenalty = 0.25
const minute = 60_000

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

// Events that report an incident of a category, as opposed to symptoms that only hint at one.
const reports = new Set([
  'incident_detected',
  'critical_incident',
  'security_breach',
  'data_corruption',
])

/** The category a service reports first in its burst; symptoms only when nothing is reported. */
function reportedCategory(burst: readonly Incident[]): string {
  const reported = burst.find((e) => reports.has(e.action) && categoryOf(e) !== undefined)
  const first = reported ?? burst.find((e) => categoryOf(e) !== undefined)
  return (first && categoryOf(first)) ?? 'unknown'
}

/** The run of failures, gaps at most `gap` apart, closest in time to `t`. */
function burstNear(failures: readonly Incident[], t: number, gap: number): Incident[] {
  const runs: Incident[][] = []
  for (const e of failures) {
    const run = runs.at(-1)
    const last = run?.at(-1)
    if (run && last && e.event_time - last.event_time <= gap) run.push(e)
    else runs.push([e])
  }
  const distance = (run: Incident[]) => {
    const start = run[0]?.event_time ?? 0
    const end = run.at(-1)?.event_time ?? 0
    return t < start ? start - t : t > end ? t - end : 0
  }
  return runs.sort((a, b) => distance(a) - distance(b) || b.length - a.length)[0] ?? []
}

/**
 * @example
 * const [top] = rankHypotheses(bundle, { map: loadServiceMap() })
 * top?.service // 'database'
 */
export function rankHypotheses(bundle: IncidentBundle, options: RankOptions = {}): RankedGroup[] {
  const { map } = options
  const gap = options.burstGapMs ?? 8 * minute
  const serviceOf = eventServices(bundle)
  const failing = new Map<string, Incident[]>()
  for (const e of bundle.events) {
    if (e.level === 'INFO' || categoryOf(e) === undefined) continue
    const key = serviceOf(e) ?? ''
    failing.set(key, [...(failing.get(key) ?? []), e])
  }
  const t = bundle.primary.event_time
  const bursts = [...failing].map(([key, failures]) => {
    const burst = burstNear(failures, t, gap)
    return { service: key === '' ? undefined : key, burst, first: burst[0] as Incident }
  })
  const known = bursts.filter((b) => b.service !== undefined)
  const totalFailures = bursts.reduce((n, b) => n + b.burst.length, 0)
  const byFirst = [...bursts].sort((a, b) => a.first.event_time - b.first.event_time)

  const ranked = bursts.map(({ service, burst, first }) => {
    const distinct = (pick: (e: Incident) => string | null) => [
      ...new Set(burst.map(pick).filter((v): v is string => v !== null)),
    ]
    const relation = (other: string | undefined) =>
      service && other && map ? map.relation(service, other)?.relation : undefined
    const explains = known
      .filter((o) => relation(o.service) === 'upstream' && o.first.event_time >= first.event_time)
      .map((o) => o.service as string)
    const symptom = known.some(
      (o) => relation(o.service) === 'downstream' && o.first.event_time < first.event_time,
    )
    const edge = service !== undefined && map?.has(service) && map.upstreamOf(service).length === 0
    const ddos = Boolean(edge) && burst.some((e) => e.attack_type === 'DDoS')
    const earliness =
      bursts.length === 1
        ? 1
        : 1 - byFirst.findIndex((b) => b.first === first) / (bursts.length - 1)
    const containsPrimary = burst.some((e) => e.event_id === bundle.primary.event_id)
    // One stray failure is what background noise looks like; a cause repeats itself.
    const credibility = burst.length >= 2 ? 1 : 0.3
    const score =
      credibility * WEIGHTS.earliness * earliness +
      credibility *
        WEIGHTS.explains *
        (known.length <= 1 ? 0 : explains.length / (known.length - 1)) +
      WEIGHTS.volume * (totalFailures === 0 ? 0 : burst.length / totalFailures) +
      WEIGHTS.primary * (containsPrimary ? 1 : 0) +
      (ddos ? WEIGHTS.ddos : 0) -
      (symptom ? symptomPenalty : 0) -
      (service === undefined ? symptomPenalty : 0)
    return {
      service,
      category: reportedCategory(burst),
      score,
      eventIds: burst.map((e) => e.event_id),
      errors: burst.filter((e) => e.level === 'ERROR').length,
      warnings: burst.filter((e) => e.level === 'WARNING').length,
      firstFailure: first,
      escalationTeams: distinct((e) => e.escalation_team),
      attackTypes: distinct((e) => e.attack_type),
      sourceIps: distinct((e) => e.source_ip),
      databases: distinct((e) => e.database),
      containsPrimary,
      explains,
    }
  })
  return ranked.sort(
    (a, b) => b.score - a.score || a.firstFailure.event_time - b.firstFailure.event_time,
  )
}

/** Offline confidence: scores map to 0.15..0.85; rules never claim certainty. */
export function confidenceOf(score: number): number {
  return Math.round((0.15 + 0.7 * Math.min(1, Math.max(0, score))) * 100) / 100
}
