/**
 * Which failures around an incident are abnormal. A key is a service with one of its systems (the
 * failures that name the service apart from those tied to it only through the system), or a
 * service with one category of the failures that name no system. Its baseline rate comes from
 * the buckets of the span before the recent one (`baselineOf`: a trimmed mean, so an earlier
 * incident in the span does not raise it, plus one pseudo event, so a key never seen is not
 * infinitely surprising; buckets before the data began are left out), and its burst is the run of its recent failures least likely under that rate,
 * scored by the Poisson tail (`transforms/anomaly.ts`). On a busy stream a service fails all the
 * time, so its total count says little; one system of it failing again and again within minutes
 * is what stands out. Pure.
 */
import { z } from 'zod'
import { anomalyOf, baselineOf, type Anomaly, type Baseline } from '../../transforms/anomaly.ts'

const minute = 60_000

/** One row of `anomalyKeysSql`. */
export interface KeyCounts {
  service: string
  system_id: string | null
  category: string | null
  /** Whether the failures name no service, only the system that ties them to this one. */
  linked: boolean
  /** Times of the failures in the baseline span, epoch ms. */
  baseline: readonly number[]
  /** The recent failures, oldest first. */
  recent: readonly { ms: number; event_id: string }[]
}

export const keyAnomalySchema = z.object({
  service: z.string(),
  system_id: z.string().nullable(),
  category: z.string().nullable(),
  /** Whether the burst's failures name no service, only the system that ties them to it. */
  linked: z.boolean(),
  /** The burst: its first and last failure, epoch ms. */
  from: z.number(),
  to: z.number(),
  observed: z.number().int(),
  expected: z.number(),
  /** −log10 of the burst's Poisson tail probability under the key's baseline. */
  score: z.number(),
  /**
   * The score after the search that found the burst: the tail probability times the bursts of
   * that length the recent span holds and times the keys scored (Bonferroni), as −log10. A key
   * is tested among hundreds, so only this says whether its burst is more than luck.
   */
  significance: z.number(),
  /** The burst's failures, oldest first. */
  event_ids: z.array(z.string()),
})

export type KeyAnomaly = z.infer<typeof keyAnomalySchema>

export interface KeyAnomalyOptions {
  baselineFrom: number
  recentFrom: number
  /** End of the recent span, epoch ms. */
  recentTo: number
  /** Length of the baseline's buckets, minutes. */
  bucketMinutes: number
  /** When the data began, epoch ms: the baseline minutes before it are no evidence of quiet. */
  dataFrom: number
  /** Smallest score that counts as abnormal, per key. */
  minScore: (key: KeyCounts) => number
}

/** The key's rate over the baseline buckets that lie after the data began (`baselineOf`). */
function baselineFor(times: readonly number[], o: KeyAnomalyOptions): Baseline {
  const size = o.bucketMinutes * minute
  const first = Math.floor(o.dataFrom / minute) * minute
  const counts: number[] = []
  for (let end = o.recentFrom; end - size >= o.baselineFrom; end -= size) {
    if (end - size < first) break
    counts.push(times.filter((t) => t >= end - size && t < end).length)
  }
  return baselineOf(counts, o.bucketMinutes)
}

/** The burst of `recent` least likely at `perMinute`; a burst spans at least one minute. */
function burstOf(recent: KeyCounts['recent'], perMinute: number) {
  let best: { i: number; j: number; anomaly: Anomaly } | undefined
  for (let i = 0; i < recent.length; i++) {
    for (let j = i; j < recent.length; j++) {
      const from = recent[i]?.ms ?? 0
      const to = recent[j]?.ms ?? 0
      const minutes = Math.max(1, (to - from) / minute)
      const anomaly = anomalyOf(j - i + 1, { perMinute, minutes: 0 }, minutes)
      if (!best || anomaly.score > best.anomaly.score) best = { i, j, anomaly }
    }
  }
  return best
}

/**
 * The abnormal keys, the most abnormal first.
 *
 * @example
 * const [worst] = keyAnomalies(rows, { baselineFrom, recentFrom, recentTo, bucketMinutes: 5, dataFrom,
 *   minScore: () => 2.5 })
 * worst?.event_ids // the failures of the burst of one system
 */
export function keyAnomalies(rows: readonly KeyCounts[], o: KeyAnomalyOptions): KeyAnomaly[] {
  const found: KeyAnomaly[] = []
  const spanMinutes = Math.max(1, (o.recentTo - o.recentFrom) / minute)
  const keys = Math.log10(Math.max(1, rows.length))
  for (const row of rows) {
    const burst = burstOf(row.recent, baselineFor(row.baseline, o).perMinute)
    if (!burst || burst.anomaly.score < o.minScore(row)) continue
    const events = row.recent.slice(burst.i, burst.j + 1)
    const minutes = Math.max(1, ((events.at(-1)?.ms ?? 0) - (events[0]?.ms ?? 0)) / minute)
    const windows = Math.log10(Math.max(1, spanMinutes / minutes))
    found.push({
      service: row.service,
      system_id: row.system_id,
      category: row.category,
      linked: row.linked,
      from: events[0]?.ms ?? 0,
      to: events.at(-1)?.ms ?? 0,
      observed: burst.anomaly.observed,
      expected: burst.anomaly.expected,
      score: burst.anomaly.score,
      significance: burst.anomaly.score - windows - keys,
      event_ids: events.map((e) => e.event_id),
    })
  }
  return found.sort(
    (a, b) =>
      b.score - a.score ||
      a.service.localeCompare(b.service) ||
      (a.system_id ?? '').localeCompare(b.system_id ?? '') ||
      Number(a.linked) - Number(b.linked) ||
      (a.category ?? '').localeCompare(b.category ?? ''),
  )
}
