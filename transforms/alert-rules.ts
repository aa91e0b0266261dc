/**
 * Alert rules as pipeline steps. For each configured rule: keep the incidents it matches, window
 * them (tumbling for threshold rules, hopping for rate rules), count them per key with up to 10
 * sample event ids, and turn each window that meets the rule into a `schemas/alert.avsc` record
 * when it closes. The alerts of all rules are flattened into one collection.
 */
import { createHash } from 'node:crypto'
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
} from './alert-rules-config.ts'
import type { EnrichedIncident } from './incident-types.ts'

/** A record of `schemas/alert.avsc`. */
export interface Alert {
  alert_id: string
  rule: string
  rule_kind: 'threshold' | 'rate'
  key: string
  window_start: number
  window_end: number
  count: number
  threshold: number
  sample_event_ids: string[]
  fired_at: number
}

/** The fields of an enriched incident the rules read. */
export type AlertInput = Pick<
  EnrichedIncident,
  | 'event_id'
  | 'event_time'
  | 'level'
  | 'action'
  | 'severity_normalized'
  | 'service'
  | 'category'
  | 'system_id'
>

export interface AlertCount {
  count: number
  /** Up to 10 [event time, event id] pairs, the earliest first: the same whatever the arrival order. */
  samples: [number, string][]
}

export const maxSamples = 10
const noKey = '(none)'

const bySample = (a: [number, string], b: [number, string]): number =>
  a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)

/** Counts inputs, keeping the 10 earliest (event time, event id) as samples. */
export const alertCountFn: CombineFn<AlertInput, AlertCount, AlertCount> = {
  createAccumulator: () => ({ count: 0, samples: [] }),
  addInput(acc, event) {
    acc.count++
    const sample: [number, string] = [event.event_time, event.event_id]
    const last = acc.samples.at(-1)
    if (acc.samples.length < maxSamples || (last !== undefined && bySample(sample, last) < 0)) {
      acc.samples.push(sample)
      acc.samples.sort(bySample)
      if (acc.samples.length > maxSamples) acc.samples.pop()
    }
    return acc
  },
  mergeAccumulators: (accs) => ({
    count: accs.reduce((sum, acc) => sum + acc.count, 0),
    samples: accs
      .flatMap((acc) => acc.samples)
      .sort(bySample)
      .slice(0, maxSamples),
  }),
  extractOutput: (acc) => ({ count: acc.count, samples: acc.samples.map(([t, id]) => [t, id]) }),
}

/** Deterministic alert id: a digest of rule, key and window start, so a replay gives the same id. */
export function alertId(rule: string, key: string, windowStart: number): string {
  return createHash('sha256')
    .update(JSON.stringify([rule, key, windowStart]))
    .digest('hex')
    .slice(0, 32)
}

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
  rule: AlertRule,
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
  return {
    alert_id: alertId(rule.name, key, window.start),
    rule: rule.name,
    rule_kind: rule.kind,
    key,
    window_start: window.start,
    window_end: window.end,
    count: value.count,
    threshold,
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
      const name = `alerts/${rule.name}`
      const ruleGrace = toMillis(rule.grace ?? grace, `grace of rule ${rule.name}`)
      const windowFn =
        rule.kind === 'threshold'
          ? tumbling(rule.window)
          : hopping(rule.window.size, rule.window.advance)
      const field = rule.groupBy
      return input
        .filter(`${name}/match`, matcher(rule))
        .windowInto(windowFn, { grace: ruleGrace, name: `${name}/window` })
        .map(`${name}/key`, (event): KV<T> => ({ key: event[field] ?? noKey, value: event }))
        .combinePerKey<T, AlertCount, AlertCount>(name, alertCountFn)
        .main.flatMap(`${name}/fire`, (result) => {
          const alert = fire(rule, ruleGrace, result)
          return alert === undefined ? [] : [alert]
        })
    })
    return flatten('alerts', alerts)
  }
}
