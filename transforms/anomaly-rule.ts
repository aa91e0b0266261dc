/**
 * Anomaly alert rules with a lifecycle, on windows alone. Every bucket (5 minutes by default) each
 * key's latest bucket of matching events is scored against the key's own baseline, the buckets of
 * the hour before it (`baselineOf`, `anomalyOf` in anomaly.ts): the bucket is anomalous when it
 * holds at least `minCount` events and their Poisson tail probability is at most 10^−minScore.
 * An alert is open while one of its last `keepFiringFor` buckets was anomalous (Prometheus'
 * `keep_firing_for`); each bucket where that changes gives one record: `fired`, `updated` (a new
 * anomalous bucket while open) or `resolved`.
 *
 * One hopping window per bucket spans the baseline and the buckets the decision reads, and its
 * accumulator counts per bucket: so each record is a function of one window, exactly once and
 * replayable as every window result. The accumulator also counts every event of the key, whether
 * it matches or not, and the baseline needs `minHistory` of buckets since the key's first event
 * in the window, leaving out the empty buckets of a key too busy to be quiet for 5 minutes: so a
 * key that has just appeared, a stream that has just started or one that resumes after a stop is
 * not scored against an hour of silence, while a sparse key's quiet buckets still count.
 * Pure.
 */
import {
  ConfigError,
  toMillis,
  type CombineFn,
  type Window,
  type WindowedValue,
} from '@incident-pipeline/dataflow'
import { anomalyOf, baselineOf, type Baseline } from './anomaly.ts'
import {
  addSample,
  alertFingerprint,
  mergeSamples,
  stateRecordId,
  type Alert,
  type AlertState,
  type Sample,
} from './alert-record.ts'
import type { AnomalyRule } from './alert-rules-config.ts'

/** A rule's spans in whole buckets. */
export interface AnomalyShape {
  bucketMs: number
  baselineBuckets: number
  minHistoryBuckets: number
  keepBuckets: number
  /** The window: baseline, then the `keepBuckets + 1` buckets the decision scores. */
  windowBuckets: number
}

/** Each touched bucket: [start, matching events, all events of the key]. */
export interface AnomalyAcc {
  buckets: [number, number, number][]
  /** Samples of the latest bucket with matching events. */
  latest: { start: number; samples: Sample[] } | null
}

function buckets(rule: AnomalyRule, field: string, value: number, bucketMs: number): number {
  const n = value / bucketMs
  if (!Number.isInteger(n) || n < 1) {
    throw new ConfigError(
      `rule ${rule.name}: ${field} must be a whole number of buckets (${String(rule.bucket)})`,
    )
  }
  return n
}

/**
 * @example
 * anomalyShape(rule) // { bucketMs: 300000, baselineBuckets: 12, minHistoryBuckets: 6, keepBuckets: 1, windowBuckets: 14 }
 */
export function anomalyShape(rule: AnomalyRule): AnomalyShape {
  const bucketMs = toMillis(rule.bucket, `bucket of rule ${rule.name}`)
  const of = (field: 'baseline' | 'minHistory' | 'keepFiringFor') =>
    buckets(
      rule,
      field,
      toMillis(rule[field] ?? rule.bucket, `${field} of rule ${rule.name}`),
      bucketMs,
    )
  const baselineBuckets = of('baseline')
  const minHistoryBuckets = of('minHistory')
  if (minHistoryBuckets > baselineBuckets) {
    throw new ConfigError(`rule ${rule.name}: minHistory is longer than the baseline`)
  }
  const keepBuckets = of('keepFiringFor')
  return {
    bucketMs,
    baselineBuckets,
    minHistoryBuckets,
    keepBuckets,
    windowBuckets: baselineBuckets + keepBuckets + 1,
  }
}

function bucketEntry(acc: AnomalyAcc, start: number): [number, number, number] {
  // Inputs come mostly in time order: the last bucket is the likely one.
  const last = acc.buckets.at(-1)
  let entry = last?.[0] === start ? last : acc.buckets.find((b) => b[0] === start)
  if (entry === undefined) {
    entry = [start, 0, 0]
    acc.buckets.push(entry)
  }
  return entry
}

/** What an anomaly window needs of an incident, worked out once before the windows fan it out. */
export interface AnomalyInput {
  time: number
  id: string
  /** Whether the rule matches it; every event of the key counts as its traffic. */
  matched: boolean
}

/** Counts per bucket, keeping the samples of the latest bucket with matching events. */
export function anomalyCountFn(bucketMs: number): CombineFn<AnomalyInput, AnomalyAcc, AnomalyAcc> {
  return {
    createAccumulator: () => ({ buckets: [], latest: null }),
    addInput(acc, input) {
      const start = Math.floor(input.time / bucketMs) * bucketMs
      const entry = bucketEntry(acc, start)
      entry[2]++
      if (!input.matched) return acc
      entry[1]++
      if (acc.latest === null || start > acc.latest.start) acc.latest = { start, samples: [] }
      if (start === acc.latest.start) addSample(acc.latest.samples, [input.time, input.id])
      return acc
    },
    mergeAccumulators(accs) {
      const merged: AnomalyAcc = { buckets: [], latest: null }
      for (const acc of accs) {
        for (const [start, matched, all] of acc.buckets) {
          const entry = bucketEntry(merged, start)
          entry[1] += matched
          entry[2] += all
        }
      }
      const top = Math.max(...accs.map((a) => a.latest?.start ?? -Infinity))
      const latest = accs.flatMap((a) => (a.latest?.start === top ? [a.latest.samples] : []))
      if (latest.length > 0) merged.latest = { start: top, samples: mergeSamples(latest) }
      return merged
    },
    extractOutput: (acc) => ({
      buckets: acc.buckets.map(([start, matched, all]) => [start, matched, all]),
      latest: acc.latest && {
        start: acc.latest.start,
        samples: acc.latest.samples.map(([t, id]) => [t, id]),
      },
    }),
  }
}

/** How one bucket scored: null when the key has too little history to score it. */
interface Scored {
  count: number
  expected: number
  score: number
  anomalous: boolean
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

function baselineAt(
  shape: AnomalyShape,
  counts: readonly number[],
  seen: readonly boolean[],
  at: number,
): Baseline | null {
  const baseline: number[] = []
  for (let i = at - shape.baselineBuckets; i < at; i++)
    if (seen[i] === true) baseline.push(counts[i] ?? 0)
  if (baseline.length < shape.minHistoryBuckets) return null
  return baselineOf(baseline, shape.bucketMs / 60_000)
}

function scoreAt(
  rule: AnomalyRule,
  shape: AnomalyShape,
  counts: readonly number[],
  seen: readonly boolean[],
  at: number,
): Scored | null {
  const baseline = baselineAt(shape, counts, seen, at)
  if (baseline === null) return null
  const count = counts[at] ?? 0
  const anomaly = anomalyOf(count, baseline, shape.bucketMs / 60_000)
  return {
    count,
    expected: anomaly.expected,
    score: anomaly.score,
    anomalous: count >= rule.minCount && anomaly.score >= rule.minScore,
  }
}

/** The state change a window's buckets give for the bucket that ends it. */
interface Decision {
  state: AlertState | undefined
  last: Scored | null
  count: number
}

/** A window's buckets as arrays: matching events, all events, and which buckets are known. */
interface Buckets {
  matched: number[]
  seen: boolean[]
}

function bucketsOf(shape: AnomalyShape, window: Window, acc: AnomalyAcc): Buckets {
  const n = shape.windowBuckets
  const matched = new Array<number>(n).fill(0)
  const traffic = new Array<number>(n).fill(0)
  for (const [start, count, all] of acc.buckets) {
    const i = (start - window.start) / shape.bucketMs
    if (i < 0 || i >= n) continue
    matched[i] = count
    traffic[i] = all
  }
  return { matched, seen: knownBuckets(traffic) }
}

/** Whether an alert was open at the bucket before the last: one of its last keepBuckets was anomalous. */
function openBefore(rule: AnomalyRule, shape: AnomalyShape, b: Buckets): boolean {
  const n = shape.windowBuckets
  for (let j = 1; j <= shape.keepBuckets; j++) {
    if (scoreAt(rule, shape, b.matched, b.seen, n - 1 - j)?.anomalous === true) return true
  }
  return false
}

function decide(shape: AnomalyShape, rule: AnomalyRule, window: Window, acc: AnomalyAcc): Decision {
  const b = bucketsOf(shape, window, acc)
  const n = shape.windowBuckets
  // Scored[j]: the bucket j before the last; an alert is open at a bucket if one of its last
  // keepBuckets buckets was anomalous.
  const scored = Array.from({ length: shape.keepBuckets + 1 }, (_, j) =>
    scoreAt(rule, shape, b.matched, b.seen, n - 1 - j),
  )
  const anomalous = scored.map((s) => s?.anomalous === true)
  const openNow = anomalous.slice(0, shape.keepBuckets).some(Boolean)
  const wasOpen = anomalous.slice(1).some(Boolean)
  const state: AlertState | undefined =
    openNow && !wasOpen
      ? 'fired'
      : openNow && anomalous[0] === true
        ? 'updated'
        : !openNow && wasOpen
          ? 'resolved'
          : undefined
  return { state, last: scored[0] ?? null, count: b.matched[n - 1] ?? 0 }
}

/**
 * The least count of the window's last bucket that fires an alert, given its earlier buckets:
 * Infinity when the key has too little history or the alert is already open.
 */
function firingCount(
  rule: AnomalyRule,
  shape: AnomalyShape,
  window: Window,
  acc: AnomalyAcc,
): number {
  const b = bucketsOf(shape, window, acc)
  const at = shape.windowBuckets - 1
  const baseline = baselineAt(shape, b.matched, b.seen, at)
  if (baseline === null || openBefore(rule, shape, b)) return Infinity
  const minutes = shape.bucketMs / 60_000
  const expected = baseline.perMinute * minutes
  const limit = Math.ceil(expected + 40 * Math.sqrt(expected) + 1000)
  for (let count = rule.minCount; count <= limit; count++) {
    if (anomalyOf(count, baseline, minutes).score >= rule.minScore) return count
  }
  return Infinity
}

/** What the earlier buckets of a window add up to: when it changes, the firing count may. */
function earlierSignature(acc: AnomalyAcc, last: number): number {
  let signature = acc.buckets.length
  for (const [start, matched, all] of acc.buckets) {
    if (start !== last) signature = (signature * 31 + start / 1000 + matched * 7 + all) % 2 ** 48
  }
  return signature
}

/**
 * Early firing: whether the window's last bucket, as it stands, already opens an alert. The
 * firing count depends on the earlier buckets only, which rarely change while the last fills, so
 * it is kept per accumulator (not in state: a restored one works it out again).
 */
export function firesEarly(
  rule: AnomalyRule,
  shape: AnomalyShape,
): (acc: AnomalyAcc, key: string, window: Window) => boolean {
  const memo = new WeakMap<AnomalyAcc, { signature: number; count: number }>()
  return (acc, _key, window) => {
    const last = window.end - shape.bucketMs
    if (acc.latest?.start !== last) return false
    const bucket = acc.buckets.find((b) => b[0] === last)
    if (bucket === undefined || bucket[1] < rule.minCount) return false
    const signature = earlierSignature(acc, last)
    let known = memo.get(acc)
    if (known?.signature !== signature) {
      known = { signature, count: firingCount(rule, shape, window, acc) }
      memo.set(acc, known)
    }
    return bucket[1] >= known.count
  }
}

/**
 * The lifecycle record a window result gives for the bucket that ends it, if any. An early pane
 * is the alert firing before its window closed (at the event time of the event that made it
 * hold); the on-time pane after it then reports the final count as `updated`, or `resolved` when
 * the late events of the bucket's grace changed the verdict.
 *
 * @example
 * lifecycleRecord(rule, shape, 60_000, windowResult, ctx.timestamp) // { state: 'fired', count: 9, … }
 */
export function lifecycleRecord(
  rule: AnomalyRule,
  shape: AnomalyShape,
  grace: number,
  result: WindowedValue<AnomalyAcc>,
  timestamp: number,
): Alert | undefined {
  const { key, window, value, pane } = result
  const decision = decide(shape, rule, window, value)
  const state =
    pane?.timing === 'on_time' && pane.firedEarly
      ? decision.state === 'fired'
        ? 'updated'
        : (decision.state ?? 'resolved')
      : decision.state
  if (state === undefined) return undefined
  const { last, count } = decision
  const start = window.end - shape.bucketMs
  const samples = state !== 'resolved' && value.latest?.start === start ? value.latest.samples : []
  return {
    alert_id: stateRecordId(rule.name, key, start, state),
    fingerprint: alertFingerprint(rule.name, key),
    state,
    rule: rule.name,
    rule_kind: 'anomaly',
    key,
    window_start: start,
    window_end: window.end,
    count,
    threshold: rule.minScore,
    score: last?.score ?? null,
    expected: last?.expected ?? null,
    sample_event_ids: samples.map(([, id]) => id),
    fired_at: pane?.timing === 'early' ? timestamp : window.end + grace,
  }
}
