/**
 * Offline root-cause ranking over the dependency map. Events are tied to a service (through their
 * system id when they name none). Only the cascade counts: the failures that chain back from the
 * selected incident, each within a few minutes of the next (see `episode.ts`). Failures propagate
 * to callers, so the cause sits in the selected incident's own service or in a service it
 * depends on (at any distance). The hypotheses are the selected service, with its last run of
 * failures, and each dependency with a dense burst in the cascade (four failures or more: a stray
 * failure or two is what background noise looks like). A service flooded with DDoS breaches is a
 * hypothesis wherever it sits, because an attack enters there and hurts what lies behind it.
 * A hypothesis scores for failing first, for being depended upon by the hypotheses that failed
 * after it, for the weight of its run and for holding the selected incident; it loses when
 * something it depends on failed before it, unless it is flooded. Its category is the one its run
 * reports most, symptom hints breaking ties, and its evidence is the events of that category.
 * Pure.
 */
import type { ServiceMap } from '../../transforms/service-map.ts'
import { cascadeStart, isFailure, runsOf } from './episode.ts'
import { eventServices } from './event-services.ts'
import { byScore, floods, groupOf, reportedCategory, type RankedGroup } from './hypothesis-group.ts'
import type { Incident, IncidentBundle } from './incident-row.ts'
import { rankAnomalies } from './rank-anomalies.ts'

export type { RankedGroup } from './hypothesis-group.ts'

export interface RankOptions {
  /** The dependency map; without it only the selected incident's service is a hypothesis. */
  map?: ServiceMap
  /** How far before the selected incident failures count, ms. */
  lookbackMs?: number
  /** Largest gap between two failures of one run, ms. */
  runGapMs?: number
  /** Fewest failures in a burst that makes another service a hypothesis. */
  minBurst?: number
}

const WEIGHTS = { earliness: 0.3, explains: 0.35, volume: 0.15, primary: 0.1, flood: 0.6 }
const symptomPenalty = 0.25
const minute = 60_000
const defaultLimits: Limits = {
  lookbackMs: 15 * minute,
  runGapMs: 2.5 * minute,
  minBurst: 4,
}

interface Candidate {
  service: string | undefined
  run: Incident[]
}

type Limits = Required<Omit<RankOptions, 'map'>>

/** The selected service's run up to the incident, and the runs of the services that may cause it. */
function candidates(bundle: IncidentBundle, o: Limits, map?: ServiceMap): Candidate[] {
  const serviceOf = eventServices(bundle)
  const t = bundle.primary.event_time
  const from = cascadeStart(bundle.events, t, o.runGapMs, o.lookbackMs)
  const byService = new Map<string, Incident[]>()
  for (const e of bundle.events) {
    if (e.event_time < from || e.event_time > t || !isFailure(e)) continue
    const key = serviceOf(e) ?? ''
    const failures = byService.get(key)
    if (failures) failures.push(e)
    else byService.set(key, [e])
  }
  const selected = serviceOf(bundle.primary) ?? ''
  const own = runsOf(byService.get(selected) ?? [], o.runGapMs).at(-1) ?? []
  const found: Candidate[] = own.length > 0 ? [{ service: selected || undefined, run: own }] : []
  for (const [service, failures] of byService) {
    if (service === '' || service === selected) continue
    const [run = []] = runsOf(failures, o.runGapMs).sort((a, b) => b.length - a.length)
    const relation = selected && map ? map.relation(selected, service)?.relation : undefined
    if ((run.length >= o.minBurst && relation === 'downstream') || floods(run)) {
      found.push({ service, run })
    }
  }
  return found
}

/**
 * @example
 * const [top] = rankHypotheses(bundle, { map: loadServiceMap() })
 * top?.service // 'database'
 */
export function rankHypotheses(bundle: IncidentBundle, options: RankOptions = {}): RankedGroup[] {
  const { map } = options
  if (bundle.anomalies) return rankAnomalies(bundle, bundle.anomalies, map)
  const found = candidates(bundle, { ...defaultLimits, ...options }, map)
  const known = found.filter((c) => c.service !== undefined)
  const total = found.reduce((n, c) => n + c.run.length, 0)
  const firstAt = (c: Candidate) => c.run[0]?.event_time ?? bundle.primary.event_time
  const order = [...found].sort((a, b) => firstAt(a) - firstAt(b))

  const ranked = found.map((c) => {
    const { service, run } = c
    const relation = (other: string | undefined) =>
      service && other && map ? map.relation(service, other)?.relation : undefined
    const explains = known
      .filter((o) => relation(o.service) === 'upstream' && firstAt(o) >= firstAt(c))
      .map((o) => o.service as string)
    const flood = floods(run)
    const symptom =
      !flood && known.some((o) => relation(o.service) === 'downstream' && firstAt(o) < firstAt(c))
    const earliness = found.length === 1 ? 1 : 1 - order.indexOf(c) / (found.length - 1)
    const score =
      WEIGHTS.earliness * earliness +
      WEIGHTS.explains * (known.length <= 1 ? 0 : explains.length / (known.length - 1)) +
      WEIGHTS.volume * (total === 0 ? 0 : run.length / total) +
      WEIGHTS.primary * (run.includes(bundle.primary) ? 1 : 0) +
      (flood ? WEIGHTS.flood : 0) -
      (symptom ? symptomPenalty : 0) -
      (service === undefined ? symptomPenalty : 0)
    return groupOf(
      bundle.primary,
      { service, run, category: reportedCategory(run), score },
      explains,
    )
  })
  return ranked.sort(byScore)
}

/** Offline confidence: scores map to 0.15..0.85; rules never claim certainty. */
export function confidenceOf(score: number): number {
  return Math.round((0.15 + 0.7 * Math.min(1, Math.max(0, score))) * 100) / 100
}
