/**
 * Alert rules as pipeline steps. For each configured rule: keep the incidents it matches, window
 * them (tumbling for threshold rules, hopping for rate rules), count them per key with up to 10
 * sample event ids, and turn each window that meets the rule into a `schemas/alert.avsc` record
 * when it closes. The alerts of all rules are flattened into one collection.
 */
import {
  flatten,
  hopping,
  MINUTE,
  toMillis,
  tumbling,
  type Collection,
  type CombineFn,
  type KV,
  type WindowedValue,
} from '@incident-pipeline/dataflow'
import {
  defaultAlertRulesConfig,
  parseAlertRulesConfig,
  type AlertRule,
  type AlertRulesConfigInput,
  type AnomalyRule,
} from './alert-rules-config.ts'
import {
  addSample,
  alertId,
  mergeSamples,
  type Alert,
  type AlertInput,
  type Sample,
} from './alert-record.ts'
import {
  anomalyCountFn,
  anomalyShape,
  firesEarly,
  lifecycleRecord,
  type AnomalyInput,
} from './anomaly-rule.ts'

export type { Alert, AlertInput } from './alert-record.ts'

export interface AlertCount {
  count: number
  /** Up to 10 [event time, event id] pairs, the earliest first: the same whatever the arrival order. */
  samples: Sample[]
}

const noKey = '(none)'

/** Counts inputs, keeping the 10 earliest (event time, event id) as samples. */
export const alertCountFn: CombineFn<AlertInput, AlertCount, AlertCount> = {
  createAccumulator: () => ({ count: 0, samples: [] }),
  addInput(acc, event) {
    acc.count++
    addSample(acc.samples, [event.event_time, event.event_id])
    return acc
  },
  mergeAccumulators: (accs) => ({
    count: accs.reduce((sum, acc) => sum + acc.count, 0),
    samples: mergeSamples(accs.map((acc) => acc.samples)),
  }),
  extractOutput: (acc) => ({ count: acc.count, samples: acc.samples.map(([t, id]) => [t, id]) }),
}

type CountingRule = Exclude<AlertRule, { kind: 'anomaly' }>

function matcher(rule: AlertRule): (event: AlertInput) => boolean {
  const levels = rule.match.levels && new Set<string>(rule.match.levels)
  const actions = rule.match.actions && new Set<string>(rule.match.actions)
  const severities = rule.match.severities && new Set<string>(rule.match.severities)
  return (event) =>
    (levels === undefined || levels.has(event.level)) &&
    (actions === undefined || actions.has(event.action)) &&
    (severities === undefined || severities.has(event.severity_normalized))
}

/** The alert a window result raises under `rule`, if it meets it. */
export function fire(
  rule: CountingRule,
  grace: number,
  result: WindowedValue<AlertCount>,
): Alert | undefined {
  const { key, window, value } = result
  const threshold = rule.kind === 'threshold' ? rule.threshold : rule.perMinute
  const meets =
    rule.kind === 'threshold'
      ? value.count >= rule.threshold
      : value.count * MINUTE >= rule.perMinute * (window.end - window.start)
  if (!meets) return undefined
  const id = alertId(rule.name, key, window.start)
  return {
    alert_id: id,
    fingerprint: id,
    state: 'fired',
    rule: rule.name,
    rule_kind: rule.kind,
    key,
    window_start: window.start,
    window_end: window.end,
    count: value.count,
    threshold,
    score: null,
    expected: null,
    sample_event_ids: value.samples.map(([, id]) => id),
    // The watermark that closed the window, at the latest: deterministic, unlike the actual one.
    fired_at: window.end + grace,
  }
}

/**
 * @example
 * enriched.apply(alertRules(parseAlertRulesConfig(json))).output('alerts')
 */
export function alertRules<T extends AlertInput>(
  config: AlertRulesConfigInput = defaultAlertRulesConfig,
): (input: Collection<T>) => Collection<Alert> {
  const { grace, rules } = parseAlertRulesConfig(config)
  return (input) => {
    const alerts = rules.map((rule) => {
      const ruleGrace = toMillis(rule.grace ?? grace, `grace of rule ${rule.name}`)
      return rule.kind === 'anomaly'
        ? anomalyAlerts(input, rule, ruleGrace)
        : countingAlerts(input, rule, ruleGrace)
    })
    return flatten('alerts', alerts)
  }
}

function keyed<T extends AlertInput>(windowed: Collection<T>, rule: AlertRule): Collection<KV<T>> {
  const field = rule.groupBy
  return windowed.map(`alerts/${rule.name}/key`, (event): KV<T> => ({
    key: event[field] ?? noKey,
    value: event,
  }))
}

function countingAlerts<T extends AlertInput>(
  input: Collection<T>,
  rule: CountingRule,
  grace: number,
): Collection<Alert> {
  const name = `alerts/${rule.name}`
  const windowFn =
    rule.kind === 'threshold'
      ? tumbling(rule.window)
      : hopping(rule.window.size, rule.window.advance)
  const windowed = input
    .filter(`${name}/match`, matcher(rule))
    .windowInto(windowFn, { grace, name: `${name}/window` })
  return keyed(windowed, rule)
    .combinePerKey<T, AlertCount, AlertCount>(name, alertCountFn)
    .main.flatMap(`${name}/fire`, (result) => {
      const alert = fire(rule, grace, result)
      return alert === undefined ? [] : [alert]
    })
}

/** Every event of a key enters the windows: those that do not match count as the key's traffic. */
function anomalyAlerts<T extends AlertInput>(
  input: Collection<T>,
  rule: AnomalyRule,
  grace: number,
): Collection<Alert> {
  const name = `alerts/${rule.name}`
  const shape = anomalyShape(rule)
  const matches = matcher(rule)
  const field = rule.groupBy
  return input
    .map(`${name}/key`, (event): KV<AnomalyInput> => ({
      key: event[field] ?? noKey,
      value: { time: event.event_time, id: event.event_id, matched: matches(event) },
    }))
    .windowInto(hopping(shape.windowBuckets * shape.bucketMs, shape.bucketMs), {
      grace,
      name: `${name}/window`,
    })
    .combinePerKey(name, anomalyCountFn(shape.bucketMs), {
      ...(rule.fireEarly && { fireEarlyWhen: firesEarly(rule, shape) }),
    })
    .main.flatMap(`${name}/lifecycle`, (result, ctx) => {
      const alert = lifecycleRecord(rule, shape, grace, result, ctx.timestamp)
      return alert === undefined ? [] : [alert]
    })
}
