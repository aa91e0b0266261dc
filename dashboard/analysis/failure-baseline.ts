/**
 * Each service's failure rate around an incident against its own baseline: the failures per
 * minute of the hour before the recent span give the baseline (`transforms/anomaly.ts`: trimmed
 * 5-minute buckets, buckets before the data began left out), and the run of recent minutes least
 * likely under it is the service's burst, scored by its Poisson tail. A service that is always
 * noisy has a high baseline, so the same count scores low there. Pure.
 */
import { anomalyOf, baselineOf, type Anomaly, type Baseline } from '../../transforms/anomaly.ts'

const minute = 60_000

/** One row of `failureSeriesSql`. */
export interface FailureMinute {
  service: string
  /** Start of the minute, epoch ms. */
  minute: number
  failures: number
}

export interface ServiceFailureRate {
  service: string
  baseline: Baseline
  /** The run of recent minutes least likely under the baseline. */
  burst: { from: number; to: number; failures: number; anomaly: Anomaly }
  /** Failures of every minute of the shown span, oldest first; minutes without any hold 0. */
  series: { minute: number; failures: number }[]
}

/** The spans, in minutes relative to the incident. */
export const failureRateSpans = {
  baselineMinutes: 60,
  bucketMinutes: 5,
  recentBeforeMinutes: 12,
  recentAfterMinutes: 2,
  shownBeforeMinutes: 30,
  shownAfterMinutes: 10,
}

/** Minutes of data the rates need before the incident: the baseline and the recent span. */
export const failureRateLookbackMinutes =
  failureRateSpans.baselineMinutes + failureRateSpans.recentBeforeMinutes

const floorMinute = (ms: number): number => Math.floor(ms / minute) * minute

function countsOf(rows: readonly FailureMinute[]): Map<number, number> {
  const counts = new Map<number, number>()
  for (const r of rows) counts.set(r.minute, (counts.get(r.minute) ?? 0) + r.failures)
  return counts
}

function baselineFor(counts: Map<number, number>, recentFrom: number, dataFrom: number): Baseline {
  const s = failureRateSpans
  const buckets: number[] = []
  for (let start = recentFrom - s.baselineMinutes * minute; start < recentFrom;) {
    const end = start + s.bucketMinutes * minute
    if (start >= floorMinute(dataFrom)) {
      let sum = 0
      for (let m = start; m < end; m += minute) sum += counts.get(m) ?? 0
      buckets.push(sum)
    }
    start = end
  }
  return baselineOf(buckets, s.bucketMinutes)
}

function burstOf(counts: Map<number, number>, baseline: Baseline, from: number, to: number) {
  let best: ServiceFailureRate['burst'] | undefined
  for (let i = from; i <= to; i += minute) {
    let failures = 0
    for (let j = i; j <= to; j += minute) {
      failures += counts.get(j) ?? 0
      const anomaly = anomalyOf(failures, baseline, (j - i) / minute + 1)
      if (!best || anomaly.score > best.anomaly.score) best = { from: i, to: j, failures, anomaly }
    }
  }
  return best ?? { from, to, failures: 0, anomaly: anomalyOf(0, baseline, 1) }
}

/**
 * The failure rate of each of `services` around `t`, the most abnormal first.
 *
 * @example
 * const [worst] = failureRates(rows, primary.event_time, dataFrom, ['database', 'payment-service'])
 * worst.burst.anomaly.score // 7.2: about 1 in 16 million under its baseline
 */
export function failureRates(
  rows: readonly FailureMinute[],
  t: number,
  dataFrom: number,
  services: readonly string[],
): ServiceFailureRate[] {
  const s = failureRateSpans
  const recentFrom = floorMinute(t - s.recentBeforeMinutes * minute)
  const recentTo = floorMinute(t + s.recentAfterMinutes * minute)
  const shownFrom = floorMinute(t - s.shownBeforeMinutes * minute)
  const shownTo = floorMinute(t + s.shownAfterMinutes * minute)
  const rates = [...new Set(services)].map((service): ServiceFailureRate => {
    const counts = countsOf(rows.filter((r) => r.service === service))
    const baseline = baselineFor(counts, recentFrom, dataFrom)
    const series: ServiceFailureRate['series'] = []
    for (let m = shownFrom; m <= shownTo; m += minute) {
      series.push({ minute: m, failures: counts.get(m) ?? 0 })
    }
    return { service, baseline, burst: burstOf(counts, baseline, recentFrom, recentTo), series }
  })
  return rates.sort(
    (a, b) => b.burst.anomaly.score - a.burst.anomaly.score || a.service.localeCompare(b.service),
  )
}
