/**
 * Configuration of the alert rules, validated with zod (unknown keys are rejected). A rule counts
 * the enriched incidents that match it, grouped by one field, per event-time window: a `threshold`
 * rule holds when a window's count reaches `threshold`; a `rate` rule over hopping windows when
 * the count per minute of window reaches `perMinute`; an `anomaly` rule when a bucket's count
 * stands out from the key's own baseline (see anomaly-rule.ts). An alert fires when its rule
 * starts to hold for a key (early, by default, as soon as it does), stays open while it holds
 * and resolves after `keepFiringFor` without it (alert-lifecycle.ts). Durations are ms or text
 * (`5m`).
 */
import { z } from 'zod'
import { ConfigError } from '@incident-pipeline/dataflow'

const duration = z.union([z.number().int().positive(), z.string().regex(/^\d+(ms|s|m|h|d)$/)])
const ruleName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes')

export const groupByFields = [
  'service',
  'category',
  'system_id',
  'action',
  'level',
  'severity_normalized',
] as const
export type GroupByField = (typeof groupByFields)[number]

const matchSchema = z.strictObject({
  levels: z
    .array(z.enum(['INFO', 'WARNING', 'ERROR']))
    .min(1)
    .optional(),
  actions: z.array(z.string().min(1)).min(1).optional(),
  severities: z
    .array(z.enum(['critical', 'high', 'medium', 'low', 'info']))
    .min(1)
    .optional(),
})

const common = {
  name: ruleName,
  /** Conditions an incident must meet to count (all of them); counts every incident when empty. */
  match: matchSchema.default({}),
  /** The field the rule counts by; incidents without it count under `(none)`. */
  groupBy: z.enum(groupByFields).default('service'),
  /** Grace of this rule's windows; the config's `grace` by default. */
  grace: duration.optional(),
  /** How long an alert stays open after the last bucket its condition held in; one bucket. */
  keepFiringFor: duration.optional(),
  /** Fire as soon as the bucket so far meets the condition, not only when its window closes. */
  fireEarly: z.boolean().default(true),
}

const thresholdRuleSchema = z.strictObject({
  ...common,
  kind: z.literal('threshold'),
  window: duration,
  threshold: z.number().int().min(1),
})

const rateRuleSchema = z.strictObject({
  ...common,
  kind: z.literal('rate'),
  window: z.strictObject({ size: duration, advance: duration }),
  perMinute: z.number().positive(),
})

const anomalyRuleSchema = z.strictObject({
  ...common,
  kind: z.literal('anomaly'),
  /** The span counted and scored at a time; windows advance by one bucket. */
  bucket: duration.default('5m'),
  /** How far back the key's normal rate is learned, a whole number of buckets. */
  baseline: duration.default('1h'),
  /** Least baseline since the key's first event (of any kind) in the window, to score it at all. */
  minHistory: duration.default('20m'),
  /** Least −log10 of the Poisson tail probability: 4 is a chance of 1 in 10,000. */
  minScore: z.number().positive().default(4),
  /** Least matching events in the bucket. */
  minCount: z.number().int().min(1).default(3),
})

export const alertRulesConfigSchema = z
  .strictObject({
    grace: duration.default('1m'),
    rules: z
      .array(z.discriminatedUnion('kind', [thresholdRuleSchema, rateRuleSchema, anomalyRuleSchema]))
      .min(1),
  })
  .refine((config) => new Set(config.rules.map((r) => r.name)).size === config.rules.length, {
    message: 'rule names must be unique',
    path: ['rules'],
  })

export type AlertRulesConfig = z.output<typeof alertRulesConfigSchema>
export type AlertRulesConfigInput = z.input<typeof alertRulesConfigSchema>
export type AlertRule = AlertRulesConfig['rules'][number]
export type AnomalyRule = Extract<AlertRule, { kind: 'anomaly' }>

/**
 * 3 or more ERROR events for one service in a 5-minute window; 1 ERROR a minute over 15 minutes;
 * a 5-minute bucket of a service's ERROR events that its last hour makes a 1-in-10,000 chance.
 */
export const defaultAlertRulesConfig = {
  grace: '1m',
  rules: [
    {
      name: 'error-burst',
      kind: 'threshold',
      match: { levels: ['ERROR'] },
      groupBy: 'service',
      window: '5m',
      threshold: 3,
    },
    {
      name: 'error-rate',
      kind: 'rate',
      match: { levels: ['ERROR'] },
      groupBy: 'service',
      window: { size: '15m', advance: '5m' },
      perMinute: 1,
    },
    {
      name: 'error-anomaly',
      kind: 'anomaly',
      match: { levels: ['ERROR'] },
      groupBy: 'service',
    },
  ],
} satisfies AlertRulesConfigInput

/**
 * Validates an alert-rules config from outside the program, or throws a ConfigError naming the
 * offending path.
 *
 * @example
 * parseAlertRulesConfig({ rules: [{ name: 'db-errors', kind: 'threshold', window: '1m', threshold: 5 }] })
 */
export function parseAlertRulesConfig(input: unknown): AlertRulesConfig {
  const parsed = alertRulesConfigSchema.safeParse(input)
  if (parsed.success) return parsed.data
  const issues = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
  )
  throw new ConfigError(`invalid alert rules config: ${issues.join('; ')}`, { cause: parsed.error })
}
