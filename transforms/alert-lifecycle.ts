/**
 * The lifecycle every alert rule shares, on windows alone. A rule checks a key's buckets of
 * matching events (5 minutes, or the rule's window): a bucket, with what comes before it, either
 * holds the rule's condition or not. An alert is open while one of its last `keepBuckets` buckets
 * held it (Prometheus' `keep_firing_for`); each bucket where that changes gives one record:
 * `fired`, `updated` (the condition held again while open) or `resolved`. Its records share a
 * fingerprint, rule and key, as Alertmanager's.
 *
 * One hopping window per bucket spans the buckets the decision reads (the rule's history, then
 * `keepBuckets + 1` buckets), and its accumulator counts per bucket: each record is a function of
 * one window, so exactly once and replayable like every window result. With early firing, a
 * window fires as soon as its last bucket, as it stands, opens an alert; the on-time record at
 * close then reports the final count as `updated` (or `resolved`, when late events within the
 * grace changed the verdict). Pure.
 */
import {
  ConfigError,
  type CombineFn,
  type Window,
  type WindowedValue,
} from '@incident-pipeline/dataflow'
import {
  addSample,
  alertFingerprint,
  mergeSamples,
  stateRecordId,
  type Alert,
  type AlertState,
  type Sample,
} from './alert-record.ts'

/** A rule's spans in whole buckets. */
export interface LifecycleShape {
  bucketMs: number
  /** Buckets before a bucket that its check reads. */
  historyBuckets: number
  keepBuckets: number
  /** Buckets an alert record's window spans, ending with the checked bucket. */
  spanBuckets: number
  /** The window: history, then the `keepBuckets + 1` buckets the decision checks. */
  windowBuckets: number
}

/** `value` in whole buckets of `bucketMs`, or a ConfigError naming the rule and field. */
export function wholeBuckets(rule: string, field: string, value: number, bucketMs: number): number {
  const n = value / bucketMs
  if (!Number.isInteger(n) || n < 1) {
    throw new ConfigError(
      `rule ${rule}: ${field} must be a whole number of buckets (${bucketMs} ms)`,
    )
  }
  return n
}

/** A window's buckets, oldest first: matching events, all events of the key. */
export interface BucketView {
  matched: number[]
  traffic: number[]
}

/** How one bucket checked: null when the rule cannot tell (too little history). */
export interface Checked {
  count: number
  expected: number | null
  score: number | null
  holds: boolean
}

/** A rule as the lifecycle sees it. */
export interface LifecycleRule {
  name: string
  kind: Alert['rule_kind']
  /** What the record reports as its threshold. */
  threshold: number
  shape: LifecycleShape
  /** Checks bucket `at` of the view; it reads buckets `at - historyBuckets` to `at` only. */
  check(view: BucketView, at: number): Checked | null
}

/** Each touched bucket: [start, matching events, all events of the key]. */
export interface BucketAcc {
  buckets: [number, number, number][]
  /** Samples of the latest bucket with matching events. */
  latest: { start: number; samples: Sample[] } | null
}

/** What a window needs of an incident, worked out once before the windows fan it out. */
export interface BucketInput {
  time: number
  id: string
  /** Whether the rule matches it; every event of the key counts as its traffic. */
  matched: boolean
}

function bucketEntry(acc: BucketAcc, start: number): [number, number, number] {
  // Inputs come mostly in time order: the last bucket is the likely one.
  const last = acc.buckets.at(-1)
  let entry = last?.[0] === start ? last : acc.buckets.find((b) => b[0] === start)
  if (entry === undefined) {
    entry = [start, 0, 0]
    acc.buckets.push(entry)
  }
  return entry
}

/** Counts per bucket, keeping the samples of the latest bucket with matching events. */
export function bucketCountFn(bucketMs: number): CombineFn<BucketInput, BucketAcc, BucketAcc> {
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
      const merged: BucketAcc = { buckets: [], latest: null }
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

function viewOf(shape: LifecycleShape, window: Window, acc: BucketAcc): BucketView {
  const n = shape.windowBuckets
  const matched = new Array<number>(n).fill(0)
  const traffic = new Array<number>(n).fill(0)
  for (const [start, count, all] of acc.buckets) {
    const i = (start - window.start) / shape.bucketMs
    if (i < 0 || i >= n) continue
    matched[i] = count
    traffic[i] = all
  }
  return { matched, traffic }
}

const holdsAt = (rule: LifecycleRule, view: BucketView, at: number): boolean =>
  rule.check(view, at)?.holds === true

/** Whether the alert was open at the bucket before the last. */
function wasOpen(rule: LifecycleRule, view: BucketView): boolean {
  const last = rule.shape.windowBuckets - 1
  for (let j = 1; j <= rule.shape.keepBuckets; j++) if (holdsAt(rule, view, last - j)) return true
  return false
}

interface Decision {
  state: AlertState | undefined
  last: Checked | null
}

function decide(rule: LifecycleRule, view: BucketView): Decision {
  const last = rule.shape.windowBuckets - 1
  const checked = rule.check(view, last)
  let openNow = checked?.holds === true
  for (let j = 1; j < rule.shape.keepBuckets && !openNow; j++)
    openNow = holdsAt(rule, view, last - j)
  const before = wasOpen(rule, view)
  const state: AlertState | undefined =
    openNow && !before
      ? 'fired'
      : openNow && checked?.holds === true
        ? 'updated'
        : !openNow && before
          ? 'resolved'
          : undefined
  return { state, last: checked }
}

/**
 * The least count of the window's last bucket that fires an alert, given the earlier buckets:
 * Infinity when the rule cannot tell or the alert is already open. Checks only grow with the
 * last bucket's count, so a doubling and then a bisection find it.
 */
function firingCount(rule: LifecycleRule, view: BucketView): number {
  if (wasOpen(rule, view)) return Infinity
  const last = rule.shape.windowBuckets - 1
  const holdsWith = (count: number): boolean => {
    view.matched[last] = count
    return holdsAt(rule, view, last)
  }
  let high = 1
  while (!holdsWith(high)) {
    if (high >= 2 ** 30) return Infinity
    high *= 2
  }
  let low = Math.floor(high / 2)
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2)
    if (holdsWith(mid)) high = mid
    else low = mid
  }
  return high
}

/**
 * What the earlier buckets of a window hold. Counts only grow, so every input to an earlier
 * bucket changes it, and the firing count is worked out again only then.
 */
function earlierTotals(acc: BucketAcc, last: number): [number, number, number] {
  let matched = 0
  let all = 0
  for (const [start, m, a] of acc.buckets) {
    if (start === last) continue
    matched += m
    all += a
  }
  return [acc.buckets.length, matched, all]
}

/**
 * Early firing: whether the window's last bucket, as it stands, already opens an alert. Only once
 * the earlier buckets are final (the watermark passed their end plus the grace): the last
 * bucket's count only grows, so what fires early then is what the window says when it closes.
 * The firing count depends on the earlier buckets only, so it is kept per accumulator (not in
 * state: a restored one works it out again).
 */
export function firesEarly(
  rule: LifecycleRule,
  grace: number,
): (acc: BucketAcc, key: string, window: Window, watermark: number) => boolean {
  const memo = new WeakMap<BucketAcc, { totals: [number, number, number]; count: number }>()
  return (acc, _key, window, watermark) => {
    const last = window.end - rule.shape.bucketMs
    if (acc.latest?.start !== last || watermark < last + grace) return false
    const bucket = acc.buckets.find((b) => b[0] === last)
    if (bucket === undefined) return false
    const totals = earlierTotals(acc, last)
    let known = memo.get(acc)
    if (known === undefined || known.totals.some((t, i) => t !== totals[i])) {
      known = { totals, count: firingCount(rule, viewOf(rule.shape, window, acc)) }
      memo.set(acc, known)
    }
    return bucket[1] >= known.count
  }
}

/**
 * The lifecycle record a window result gives for the bucket that ends it, if any. An early pane
 * is the alert firing before its window closed, at the event time of the event that made it
 * hold.
 *
 * @example
 * lifecycleRecord(rule, 60_000, windowResult, ctx.timestamp) // { state: 'fired', count: 9, … }
 */
export function lifecycleRecord(
  rule: LifecycleRule,
  grace: number,
  result: WindowedValue<BucketAcc>,
  timestamp: number,
): Alert | undefined {
  const { key, window, value, pane } = result
  const decision = decide(rule, viewOf(rule.shape, window, value))
  const state =
    pane?.timing === 'on_time' && pane.firedEarly
      ? decision.state === 'fired'
        ? 'updated'
        : (decision.state ?? 'resolved')
      : decision.state
  if (state === undefined) return undefined
  const { last } = decision
  const bucket = window.end - rule.shape.bucketMs
  const start = window.end - rule.shape.spanBuckets * rule.shape.bucketMs
  const samples = state !== 'resolved' && value.latest?.start === bucket ? value.latest.samples : []
  return {
    alert_id: stateRecordId(rule.name, key, start, state),
    fingerprint: alertFingerprint(rule.name, key),
    state,
    rule: rule.name,
    rule_kind: rule.kind,
    key,
    window_start: start,
    window_end: window.end,
    count: last?.count ?? 0,
    threshold: rule.threshold,
    score: last?.score ?? null,
    expected: last?.expected ?? null,
    sample_event_ids: samples.map(([, id]) => id),
    fired_at: pane?.timing === 'early' ? timestamp : window.end + grace,
  }
}
