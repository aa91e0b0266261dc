/**
 * The batch recomputation of the alert rules' lifecycle records, for the chaos verifier: DuckDB
 * counts each key's events per bucket (those the rule matches and all of them); then, for every
 * hopping window that holds one of the key's events, the rule's own decision (`lifecycleRecord`)
 * runs on that window's buckets. The windowing, the lateness and the exactly-once delivery are the
 * streaming engine's and are what this checks; the decision is shared. The batch gives what the
 * windows decide at close; the stream's early firings are folded in before comparing.
 */
import type { WindowedValue } from '@incident-pipeline/dataflow'
import { quoteIdent, quoteLiteral } from '@incident-pipeline/dataflow/sinks'
import type { AlertRule } from '../transforms/alert-rules-config.ts'
import {
  lifecycleRecord,
  lifecycleRuleOf,
  type Alert,
  type BucketAcc,
} from '../transforms/index.ts'

/** One key's counts in one bucket. */
export interface BucketCount {
  key: string
  bucket: number
  matched: number
  all: number
}

const inList = (column: string, values: readonly string[] | undefined): string =>
  values === undefined ? 'true' : `${column} IN (${values.map(quoteLiteral).join(', ')})`

/**
 * @example
 * bucketCountsSql('on_time', rule) // SELECT key, bucket, matched, all … GROUP BY ALL
 */
export function bucketCountsSql(table: string, rule: AlertRule): string {
  const bucketMs = lifecycleRuleOf(rule).shape.bucketMs
  const match = [
    inList('level', rule.match.levels),
    inList('action', rule.match.actions),
    inList('severity_normalized', rule.match.severities),
  ].join(' AND ')
  return `
SELECT coalesce(CAST(${quoteIdent(rule.groupBy)} AS VARCHAR), '(none)') AS key,
  (epoch_ms(event_time) // ${bucketMs}) * ${bucketMs} AS bucket,
  count(*) FILTER (WHERE ${match}) AS matched,
  count(*) AS "all"
FROM ${table} GROUP BY ALL`
}

/** The records the rule's windows give over the counted buckets, as the topology's would. */
export function alertsOf(rule: AlertRule, grace: number, counts: readonly BucketCount[]): Alert[] {
  const lifecycle = lifecycleRuleOf(rule)
  const shape = lifecycle.shape
  const size = shape.windowBuckets * shape.bucketMs
  const byKey = new Map<string, Map<number, BucketCount>>()
  for (const c of counts) {
    const buckets = byKey.get(c.key) ?? new Map<number, BucketCount>()
    buckets.set(c.bucket, c)
    byKey.set(c.key, buckets)
  }
  const alerts: Alert[] = []
  for (const [key, buckets] of byKey) {
    const ends = new Set<number>()
    for (const bucket of buckets.keys()) {
      for (let i = 1; i <= shape.windowBuckets; i++) ends.add(bucket + i * shape.bucketMs)
    }
    for (const end of [...ends].sort((a, b) => a - b)) {
      const value: BucketAcc = { buckets: [], latest: null }
      for (let start = end - size; start < end; start += shape.bucketMs) {
        const c = buckets.get(start)
        if (c !== undefined) value.buckets.push([start, c.matched, c.all])
      }
      const result: WindowedValue<BucketAcc> = {
        key,
        window: { start: end - size, end },
        value,
        sawLateInput: false,
      }
      const alert = lifecycleRecord(lifecycle, grace, result, end - 1)
      if (alert !== undefined) alerts.push(alert)
    }
  }
  return alerts
}

/**
 * The stream's records with each early firing folded into its window's on-time record: a `fired`
 * and an `updated` record of one alert and window are the alert firing early and its final
 * count, which is one `fired` record with that count when the window fires at close. Anything
 * else, a duplicate included, stays as it is.
 *
 * @example
 * sameRows(check, expected, foldEarlyFirings(actual), fields)
 */
export function foldEarlyFirings<A extends object>(alerts: readonly A[]): A[] {
  const field = (a: A, name: string): unknown => (a as Record<string, unknown>)[name]
  const groups = new Map<string, A[]>()
  for (const a of alerts) {
    const key = JSON.stringify([field(a, 'fingerprint'), String(field(a, 'window_start'))])
    groups.set(key, [...(groups.get(key) ?? []), a])
  }
  return [...groups.values()].flatMap((group) => {
    if (group.length !== 2) return group
    const fired = group.find((a) => field(a, 'state') === 'fired')
    const updated = group.find((a) => field(a, 'state') === 'updated')
    return fired && updated ? [{ ...updated, state: 'fired' }] : group
  })
}
