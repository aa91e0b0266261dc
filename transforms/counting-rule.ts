/**
 * Threshold and rate rules on the alert lifecycle. A threshold rule checks each window of its
 * size (one bucket): it holds when the bucket has `threshold` matching events. A rate rule checks
 * each hopping window (its advance is the bucket): it holds when the window's events per minute
 * reach `perMinute`. Pure.
 */
import { ConfigError, MINUTE, toMillis } from '@incident-pipeline/dataflow'
import type { AlertRule } from './alert-rules-config.ts'
import { wholeBuckets, type LifecycleRule } from './alert-lifecycle.ts'

export type CountingRule = Exclude<AlertRule, { kind: 'anomaly' }>

/**
 * The rule as the lifecycle runs it.
 *
 * @example
 * countingRule({ name: 'error-burst', kind: 'threshold', window: '5m', threshold: 3, … })
 */
export function countingRule(rule: CountingRule): LifecycleRule {
  const [size, advance] =
    rule.kind === 'threshold' ? [rule.window, rule.window] : [rule.window.size, rule.window.advance]
  const sizeMs = toMillis(size, `window of rule ${rule.name}`)
  const bucketMs = toMillis(advance, `advance of rule ${rule.name}`)
  if (bucketMs > sizeMs) {
    throw new ConfigError(
      `rule ${rule.name}: the advance ${advance} is longer than the size ${size}`,
    )
  }
  const spanBuckets = wholeBuckets(rule.name, 'the window size', sizeMs, bucketMs)
  const keep = toMillis(rule.keepFiringFor ?? bucketMs, `keepFiringFor of rule ${rule.name}`)
  const keepBuckets = wholeBuckets(rule.name, 'keepFiringFor', keep, bucketMs)
  const shape = {
    bucketMs,
    historyBuckets: spanBuckets - 1,
    keepBuckets,
    spanBuckets,
    windowBuckets: spanBuckets + keepBuckets,
  }
  const least = rule.kind === 'threshold' ? rule.threshold : (rule.perMinute * sizeMs) / MINUTE
  return {
    name: rule.name,
    kind: rule.kind,
    threshold: rule.kind === 'threshold' ? rule.threshold : rule.perMinute,
    shape,
    check(view, at) {
      let count = 0
      for (let i = at - spanBuckets + 1; i <= at; i++) count += view.matched[i] ?? 0
      return { count, expected: null, score: null, holds: count >= least }
    },
  }
}
