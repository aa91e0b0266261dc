/**
 * Anomaly alert rules: a key's latest bucket of matching events (5 minutes by default) is scored
 * against the key's own baseline, the buckets of the hour before it (`baselineOf`, `anomalyOf` in
 * anomaly.ts). It holds when it has at least `minCount` events and their Poisson tail probability
 * is at most 10^−minScore; alert-lifecycle.ts turns that into fired, updated and resolved records.
 *
 * Every event of the key enters the windows, matching or not, and the baseline needs `minHistory`
 * of buckets since the key's first event in the window, leaving out the empty buckets of a key too
 * busy to be quiet for 5 minutes: so a key that has just appeared, a stream that has just started
 * or one that resumes after a stop is not scored against an hour of silence, while a sparse key's
 * quiet buckets still count. Pure.
 */
import { ConfigError, toMillis } from '@incident-pipeline/dataflow'
import { anomalyOf, baselineOf, type Baseline } from './anomaly.ts'
import type { AnomalyRule } from './alert-rules-config.ts'
import {
  wholeBuckets,
  type BucketView,
  type Checked,
  type LifecycleRule,
  type LifecycleShape,
} from './alert-lifecycle.ts'

/** An anomaly rule's spans in whole buckets. */
export interface AnomalyShape extends LifecycleShape {
  minHistoryBuckets: number
}

/**
 * @example
 * anomalyShape(rule) // { bucketMs: 300000, historyBuckets: 12, minHistoryBuckets: 4, keepBuckets: 1, … }
 */
export function anomalyShape(rule: AnomalyRule): AnomalyShape {
  const bucketMs = toMillis(rule.bucket, `bucket of rule ${rule.name}`)
  const of = (field: 'baseline' | 'minHistory' | 'keepFiringFor') =>
    wholeBuckets(
      rule.name,
      field,
      toMillis(rule[field] ?? rule.bucket, `${field} of rule ${rule.name}`),
      bucketMs,
    )
  const historyBuckets = of('baseline')
  const minHistoryBuckets = of('minHistory')
  if (minHistoryBuckets > historyBuckets) {
    throw new ConfigError(`rule ${rule.name}: minHistory is longer than the baseline`)
  }
  const keepBuckets = of('keepFiringFor')
  return {
    bucketMs,
    historyBuckets,
    minHistoryBuckets,
    keepBuckets,
    spanBuckets: 1,
    windowBuckets: historyBuckets + keepBuckets + 1,
  }
}

/**
 * Which buckets tell the key's rate: from the key's first event in the window on, each bucket
 * where it had events, and each empty one too unless the key is so busy that an empty bucket is
 * a gap in the stream (a chance under 1 in 1,000 for its rate) rather than a quiet spell. The
 * rate is judged without the last bucket, which may still be filling.
 */
function knownBuckets(traffic: readonly number[]): boolean[] {
  const first = traffic.findIndex((t) => t > 0)
  const busy = traffic.slice(0, -1).filter((t) => t > 0)
  const perBucket = busy.reduce((sum, t) => sum + t, 0) / Math.max(1, busy.length)
  const emptyIsGap = Math.exp(-perBucket) < 1e-3
  return traffic.map((t, i) => first >= 0 && i >= first && (t > 0 || !emptyIsGap))
}

function baselineAt(shape: AnomalyShape, view: BucketView, at: number): Baseline | null {
  const seen = knownBuckets(view.traffic)
  const baseline: number[] = []
  for (let i = at - shape.historyBuckets; i < at; i++)
    if (seen[i] === true) baseline.push(view.matched[i] ?? 0)
  if (baseline.length < shape.minHistoryBuckets) return null
  return baselineOf(baseline, shape.bucketMs / 60_000)
}

/**
 * The rule as the lifecycle runs it.
 *
 * @example
 * lifecycleRecord(anomalyRule(rule), grace, result, ctx.timestamp)
 */
export function anomalyRule(rule: AnomalyRule): LifecycleRule {
  const shape = anomalyShape(rule)
  const minutes = shape.bucketMs / 60_000
  return {
    name: rule.name,
    kind: 'anomaly',
    threshold: rule.minScore,
    shape,
    check(view, at): Checked | null {
      const baseline = baselineAt(shape, view, at)
      if (baseline === null) return null
      const count = view.matched[at] ?? 0
      const anomaly = anomalyOf(count, baseline, minutes)
      return {
        count,
        expected: anomaly.expected,
        score: anomaly.score,
        holds: count >= rule.minCount && anomaly.score >= rule.minScore,
      }
    },
  }
}
