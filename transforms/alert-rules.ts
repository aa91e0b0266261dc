/**
 * Alert rules as pipeline steps. For each configured rule: key the incidents (those it matches,
 * or all of them for an anomaly rule, which also counts the key's traffic), put them into one
 * hopping window per bucket that spans what the rule reads, count per bucket, and turn each
 * window result into the alert's lifecycle record, if any (alert-lifecycle.ts). The alerts of all
 * rules are flattened into one collection of `schemas/alert.avsc` records.
 */
import { flatten, hopping, toMillis, type Collection, type KV } from '@incident-pipeline/dataflow'
import {
  defaultAlertRulesConfig,
  parseAlertRulesConfig,
  type AlertRule,
  type AlertRulesConfigInput,
} from './alert-rules-config.ts'
import {
  bucketCountFn,
  firesEarly,
  lifecycleRecord,
  type BucketInput,
  type LifecycleRule,
} from './alert-lifecycle.ts'
import type { Alert, AlertInput } from './alert-record.ts'
import { anomalyRule } from './anomaly-rule.ts'
import { countingRule } from './counting-rule.ts'

export type { Alert, AlertInput } from './alert-record.ts'

const noKey = '(none)'

function matcher(rule: AlertRule): (event: AlertInput) => boolean {
  const levels = rule.match.levels && new Set<string>(rule.match.levels)
  const actions = rule.match.actions && new Set<string>(rule.match.actions)
  const severities = rule.match.severities && new Set<string>(rule.match.severities)
  return (event) =>
    (levels === undefined || levels.has(event.level)) &&
    (actions === undefined || actions.has(event.action)) &&
    (severities === undefined || severities.has(event.severity_normalized))
}

/** The rule as the lifecycle runs it; throws a ConfigError for spans that do not fit. */
export function lifecycleRuleOf(rule: AlertRule): LifecycleRule {
  return rule.kind === 'anomaly' ? anomalyRule(rule) : countingRule(rule)
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
    const alerts = rules.map((rule) =>
      ruleAlerts(input, rule, toMillis(rule.grace ?? grace, `grace of rule ${rule.name}`)),
    )
    return flatten('alerts', alerts)
  }
}

function ruleAlerts<T extends AlertInput>(
  input: Collection<T>,
  rule: AlertRule,
  grace: number,
): Collection<Alert> {
  const name = `alerts/${rule.name}`
  const lifecycle = lifecycleRuleOf(rule)
  const { bucketMs, windowBuckets } = lifecycle.shape
  const matches = matcher(rule)
  const field = rule.groupBy
  const counted = rule.kind === 'anomaly' ? input : input.filter(`${name}/match`, matches)
  return counted
    .map(`${name}/key`, (event): KV<BucketInput> => ({
      key: event[field] ?? noKey,
      value: { time: event.event_time, id: event.event_id, matched: matches(event) },
    }))
    .windowInto(hopping(windowBuckets * bucketMs, bucketMs), { grace, name: `${name}/window` })
    .combinePerKey(name, bucketCountFn(bucketMs), {
      ...(rule.fireEarly && { fireEarlyWhen: firesEarly(lifecycle, grace) }),
    })
    .main.flatMap(`${name}/lifecycle`, (result, ctx) => {
      const alert = lifecycleRecord(lifecycle, grace, result, ctx.timestamp)
      return alert === undefined ? [] : [alert]
    })
}
