/**
 * Root-cause ranking over abnormal bursts, for a bundle whose failures the store scored against
 * their own baselines (`key-anomalies.ts`). On a busy stream every service fails all the time, so
 * what counts is what is unlikely under a service's own rate, and how it spreads along the
 * dependency map, as in MicroRCA: a cause is abnormal, and the services that depend on it turn
 * abnormal after it did.
 *
 * The hypotheses are the selected incident's service and each service it depends on (at any
 * distance) with a strong anomaly of one of its systems that began before the incident; a service flooded with DDoS
 * breaches wherever it sits, since an attack enters there. A hypothesis scores for how abnormal
 * it is against the strongest, for the share of the abnormal services that depend on it and
 * turned abnormal after it, for being flooded and for holding the selected incident; it loses
 * when something it depends on turned abnormal before it. Its run is its strong bursts, its
 * category the one most of them show. The selected service's run also holds the incident, and
 * its category is the incident's unless that is an outage (see `ownCandidate`). Evidence is the
 * run's events of the category, strongest first. Pure.
 */
import type { ServiceMap } from '../../transforms/service-map.ts'
import { categoryOf, isFailure } from './episode.ts'
import { eventServices } from './event-services.ts'
import {
  byScore,
  floods,
  groupOf,
  majorityCategory,
  reportedCategory,
  type RankedGroup,
} from './hypothesis-group.ts'
import type { Incident, IncidentBundle } from './incident-row.ts'
import type { KeyAnomaly } from './key-anomalies.ts'

/**
 * Significance from which an anomaly makes its service a hypothesis: 1 in 100 after the search
 * over bursts and keys (`KeyAnomaly.significance`).
 */
export const strongSignificance = 2

/**
 * DDoS breaches a burst needs to be a flood: on a busy stream two breaches of one system that
 * happen to name DDoS are common.
 */
const floodBreaches = 3
const WEIGHTS = { anomaly: 0.4, spread: 0.4, flood: 0.6, primary: 0.1, blocked: 0.3 }
const minute = 60_000
/** How long before the incident a report of its own service still names the incident's kind. */
const reportLeadMs = 5 * minute
const outage = 'Service Outage'
/** How much more abnormal (log10) the standing-out report must be than the next one. */
const reportMargin = 0.5

interface Candidate {
  service: string | undefined
  run: Incident[]
  category: string
  /**
   * For the selected service when its incident is an outage: the report that stands out just
   * before it, which names the cause instead; dropped when the service is ruled out.
   */
  cause?: { events: Incident[]; category: string }
  /** The strongest significance of the run's keys; 0 when none. */
  anomaly: number
  /** When the service turned abnormal, epoch ms. */
  onset: number
}

/**
 * A strong anomaly: one of a service's systems failing far beyond its rate. A burst of reports
 * of one category is too common on a busy stream to make a service a cause.
 */
function isStrong(k: KeyAnomaly): boolean {
  return k.system_id !== null && k.significance >= strongSignificance
}

function byTime(a: Incident, b: Incident): number {
  return a.event_time - b.event_time || a.event_id.localeCompare(b.event_id)
}

/**
 * The selected service: the incident and its strong bursts. Its category is the incident's. An
 * outage is what a failure does, not why, so for an outage it is the category the strong bursts
 * report most, or else the one of the burst of incident reports in the minutes before it that
 * stands out from the others, when there is one.
 */
function ownCandidate(
  bundle: IncidentBundle,
  service: string | undefined,
  keys: readonly KeyAnomaly[],
  eventsOf: (keys: readonly KeyAnomaly[]) => Incident[],
): Candidate {
  const { primary } = bundle
  const strong = keys.filter(isStrong)
  const bursts = eventsOf(strong).filter((e) => e !== primary)
  const run = [primary, ...bursts].sort(byTime)
  const own = categoryOf(primary)
  const category =
    own !== undefined && own !== outage
      ? own
      : bursts.length > 0
        ? reportedCategory(bursts)
        : (own ?? 'unknown')
  const reportsBefore = keys
    .filter(
      (k) =>
        k.system_id === null &&
        k.category !== null &&
        !k.event_ids.includes(primary.event_id) &&
        k.from < primary.event_time &&
        k.to >= primary.event_time - reportLeadMs,
    )
    .sort((a, b) => b.score - a.score || b.to - a.to)
  // A report burst names the cause only when it stands out from the others (3 times likelier).
  const [best, next] = reportsBefore
  const report = best && (!next || best.score - next.score >= reportMargin) ? best : undefined
  const cause =
    category === outage && report?.category
      ? {
          events: eventsOf([report]).filter((e) => e.event_time < primary.event_time),
          category: report.category,
        }
      : undefined
  return {
    service,
    run,
    category,
    ...(cause ? { cause } : {}),
    anomaly: Math.max(0, ...strong.map((k) => k.significance)),
    onset: primary.event_time,
  }
}

/**
 * @example
 * const [top] = rankAnomalies(bundle, bundle.anomalies ?? [], loadServiceMap())
 * top?.service // 'database'
 */
export function rankAnomalies(
  bundle: IncidentBundle,
  anomalies: readonly KeyAnomaly[],
  map?: ServiceMap,
): RankedGroup[] {
  const { primary } = bundle
  const byId = new Map(bundle.events.map((e) => [e.event_id, e]))
  const eventsOf = (keys: readonly KeyAnomaly[]): Incident[] =>
    [...new Set(keys.flatMap((k) => k.event_ids))]
      .map((id) => byId.get(id))
      .filter((e): e is Incident => e !== undefined && isFailure(e))
      .sort(byTime)
  const keysOf = new Map<string, KeyAnomaly[]>()
  for (const k of anomalies) keysOf.set(k.service, [...(keysOf.get(k.service) ?? []), k])
  const selected = eventServices(bundle)(primary)
  // When each abnormal service turned abnormal; the selected one with its incident.
  const onsets = new Map<string, number>()
  for (const [service, keys] of keysOf) onsets.set(service, Math.min(...keys.map((k) => k.from)))
  if (selected !== undefined) onsets.set(selected, primary.event_time)

  const found = [ownCandidate(bundle, selected, keysOf.get(selected ?? '') ?? [], eventsOf)]
  for (const [service, keys] of keysOf) {
    if (service === selected) continue
    const strong = keys.filter((k) => isStrong(k) && k.from <= primary.event_time)
    const run = eventsOf(strong)
    if (run.length === 0) continue
    const relation = selected && map ? map.relation(selected, service)?.relation : undefined
    if (relation !== 'downstream' && !floods(run, floodBreaches)) continue
    found.push({
      service,
      run,
      category: majorityCategory(run),
      anomaly: Math.max(...strong.map((k) => k.significance)),
      onset: Math.min(...strong.map((k) => k.from)),
    })
  }

  const strongest = Math.max(0, ...found.map((c) => c.anomaly))
  const abnormal = [...onsets.keys()]
  const ranked = found.map((c) => {
    const relation = (other: string) =>
      c.service && map ? map.relation(c.service, other)?.relation : undefined
    const explains = abnormal.filter(
      (s) => s !== c.service && relation(s) === 'upstream' && (onsets.get(s) ?? 0) >= c.onset,
    )
    const flood = floods(c.run, floodBreaches)
    const blocked =
      !flood &&
      found.some(
        (o) =>
          o !== c &&
          o.service !== undefined &&
          relation(o.service) === 'downstream' &&
          o.anomaly >= strongSignificance &&
          o.onset < c.onset,
      )
    const score =
      WEIGHTS.anomaly * (strongest === 0 ? 0 : c.anomaly / strongest) +
      WEIGHTS.spread * (abnormal.length <= 1 ? 0 : explains.length / (abnormal.length - 1)) +
      (flood ? WEIGHTS.flood : 0) +
      WEIGHTS.primary * (c.run.includes(primary) ? 1 : 0) -
      (blocked ? WEIGHTS.blocked : 0)
    const { cause } = c
    const run = cause && !blocked ? [...c.run, ...cause.events].sort(byTime) : c.run
    const category = cause && !blocked ? cause.category : c.category
    return groupOf(primary, { service: c.service, run, category, score }, explains)
  })
  return ranked.sort(byScore)
}
