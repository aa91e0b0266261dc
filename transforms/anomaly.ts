/**
 * Anomaly against a learned baseline: a key's events in equal baseline buckets give its normal
 * rate (the mean of the buckets that are not far above it, so a past incident inside the baseline
 * does not raise it, while the quiet and the ordinary busy buckets all count; plus one pseudo
 * event, so a key never seen is not infinitely surprising), and a count in a later span is scored
 * by its Poisson tail probability under that rate. A service that is always noisy has a high
 * baseline and so a low score for the same absolute count. Pure.
 */

/** The normal rate of a key, events per minute. */
export interface Baseline {
  perMinute: number
  /** Minutes of baseline the rate was learned from, after trimming. */
  minutes: number
}

/** A count scored against a baseline. */
export interface Anomaly {
  observed: number
  expected: number
  /** P(X ≥ observed) for X ~ Poisson(expected). */
  pValue: number
  /** −log10 of the p-value, at most 300: 2 is 1 in 100, 6 is 1 in a million. */
  score: number
}

/**
 * Whether a bucket is far above a Poisson rate `mean`: more than three standard deviations and
 * one event over it.
 */
const outlier = (count: number, mean: number): boolean => count > mean + 3 * Math.sqrt(mean) + 1

/**
 * @example
 * baselineOf([2, 3, 1, 40, 2, 2], 5) // { perMinute: 0.44, minutes: 25 }: the burst of 40 is left out
 */
export function baselineOf(bucketCounts: readonly number[], bucketMinutes: number): Baseline {
  if (!(bucketMinutes > 0)) throw new Error(`invalid bucketMinutes: ${bucketMinutes}`)
  let kept = [...bucketCounts]
  // Leaving out an outlier lowers the mean, which may expose another; a few rounds settle it.
  for (let round = 0; round < 3; round++) {
    const mean = kept.reduce((sum, c) => sum + c, 0) / Math.max(1, kept.length)
    const next = kept.filter((c) => !outlier(c, mean))
    if (next.length === kept.length) break
    kept = next
  }
  const minutes = kept.length * bucketMinutes
  const events = kept.reduce((sum, c) => sum + c, 0)
  return { perMinute: (events + 1) / Math.max(minutes, bucketMinutes), minutes }
}

/** ln(n!) for n = 0, 1, …, grown on demand. */
const logFactorials = [0]

function logFactorial(n: number): number {
  for (let i = logFactorials.length; i <= n; i++) {
    logFactorials.push((logFactorials[i - 1] ?? 0) + Math.log(i))
  }
  return logFactorials[n] ?? 0
}

/**
 * P(X ≥ k) for X ~ Poisson(lambda), accurate for tiny tails.
 *
 * @example
 * poissonTail(10, 2) // ~4.6e-5
 */
export function poissonTail(k: number, lambda: number): number {
  if (!Number.isInteger(k)) throw new Error(`invalid count: ${k}`)
  if (!(lambda >= 0 && Number.isFinite(lambda))) throw new Error(`invalid rate: ${lambda}`)
  if (k <= 0) return 1
  if (lambda === 0) return 0
  if (k > lambda) {
    // Series of the tail from its first term: each next term is the last times lambda / (k + n).
    const first = -lambda + k * Math.log(lambda) - logFactorial(k)
    let term = 1
    let sum = 1
    for (let n = 1; term > 1e-17 * sum && n < 10_000; n++) {
      term *= lambda / (k + n)
      sum += term
    }
    return Math.min(1, Math.exp(first) * sum)
  }
  let pmf = Math.exp(-lambda)
  let below = 0
  for (let i = 0; i < k; i++) {
    below += pmf
    pmf *= lambda / (i + 1)
  }
  return Math.min(1, Math.max(0, 1 - below))
}

/**
 * @example
 * anomalyOf(12, baselineOf([1, 0, 2, 1], 5), 3) // observed 12 in 3 minutes against ~0.25/min
 */
export function anomalyOf(observed: number, baseline: Baseline, spanMinutes: number): Anomaly {
  const expected = baseline.perMinute * spanMinutes
  const pValue = poissonTail(observed, expected)
  const score = pValue <= 0 ? 300 : Math.min(300, -Math.log10(pValue))
  return { observed, expected, pValue, score }
}
