/**
 * The incident rows an analysis works on. `IncidentRow` is what the dashboard's store hands
 * over (the enriched-incident columns, snake_case, as DuckDB or CSV return them: `event_time`
 * may be an ISO string, epoch ms, a bigint or a Date). `normalizeBundle` turns a primary row and
 * its correlated rows into one validated, de-duplicated, time-ordered `IncidentBundle` with
 * `event_time` in epoch milliseconds.
 */
import { z } from 'zod'
import { keyAnomalySchema, type KeyAnomaly } from './key-anomalies.ts'

const nullableText = z
  .string()
  .nullish()
  .transform((v) => v ?? null)
const nullableInt = z
  .union([z.number(), z.bigint()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? null : Number(v)))

const eventTime = z
  .union([z.number(), z.bigint(), z.string(), z.date()])
  .transform((value, ctx) => {
    const ms =
      typeof value === 'string' && !/^\d+$/.test(value.trim())
        ? Date.parse(value)
        : value instanceof Date
          ? value.getTime()
          : Number(value)
    if (!Number.isFinite(ms)) {
      ctx.addIssue({ code: 'custom', message: `invalid event_time: ${String(value)}` })
      return z.NEVER
    }
    return ms
  })

/** Row schema: required identity fields, every optional column defaulting to null. */
export const incidentRowSchema = z.object({
  event_id: z.string().min(1),
  event_time: eventTime,
  level: z.enum(['INFO', 'WARNING', 'ERROR']),
  action: z.string().default('unknown'),
  message: z.string().default(''),
  incident_id: nullableText,
  service: nullableText,
  category: nullableText,
  severity: nullableText,
  system_id: nullableText,
  affected_users: nullableInt,
  duration_minutes: nullableInt,
  resolver: nullableText,
  assignee: nullableText,
  escalation_team: nullableText,
  performance_impact_pct: nullableInt,
  cpu_pct: nullableInt,
  memory_pct: nullableInt,
  disk_pct: nullableInt,
  attack_type: nullableText,
  source_ip: nullableText,
  database: nullableText,
  affected_records: nullableInt,
  severity_normalized: z.string().default('info'),
  lifecycle_stage: z.string().default('unknown'),
  is_security: z.boolean().default(false),
  is_outage: z.boolean().default(false),
  is_data_loss_risk: z.boolean().default(false),
  /** Why the store correlated the row (same_service, upstream, downstream, same_incident). */
  reasons: z.array(z.string()).default([]),
  /** For a row without a service: the service the store tied it to through its system id. */
  linked_service: nullableText,
})

/** The columns an incident row may carry, with the loose types the store may use. */
export type IncidentRow = z.input<typeof incidentRowSchema>
/** A validated row with `event_time` in epoch milliseconds and missing columns as null. */
export type Incident = z.output<typeof incidentRowSchema>

/**
 * A row as the store hands it over: any object, validated at run time against
 * `incidentRowSchema`; extra columns (hive `date`/`hour`, offsets) are ignored.
 */
export type IncidentRowInput = Readonly<Record<string, unknown>>

/** What `loadBundle` returns: the chosen incident and the rows correlated with it. */
export interface IncidentBundleInput {
  primary: IncidentRowInput
  correlated: readonly IncidentRowInput[]
  /** The abnormal failures around the incident, when the store scored them; their rows are in `correlated`. */
  anomalies?: readonly unknown[]
}

/** A normalised bundle: `events` holds the primary and the correlated rows, oldest first. */
export interface IncidentBundle {
  primary: Incident
  correlated: Incident[]
  events: Incident[]
  /** The abnormal keys around the incident, the strongest first; undefined when not scored. */
  anomalies: KeyAnomaly[] | undefined
}

/**
 * Validates and normalises a bundle; drops correlated duplicates and the primary's own row.
 *
 * @example
 * const bundle = normalizeBundle({ primary: row, correlated: rows })
 * bundle.events.map((e) => e.event_id)
 */
export function normalizeBundle(input: IncidentBundleInput): IncidentBundle {
  const primary = incidentRowSchema.parse(input.primary)
  const seen = new Set([primary.event_id])
  const correlated: Incident[] = []
  for (const raw of input.correlated) {
    const row = incidentRowSchema.parse(raw)
    if (seen.has(row.event_id)) continue
    seen.add(row.event_id)
    correlated.push(row)
  }
  correlated.sort(byTime)
  const events = [primary, ...correlated].sort(byTime)
  const anomalies = input.anomalies && z.array(keyAnomalySchema).parse(input.anomalies)
  return { primary, correlated, events, anomalies }
}

function byTime(a: Incident, b: Incident): number {
  return a.event_time - b.event_time || a.event_id.localeCompare(b.event_id)
}
