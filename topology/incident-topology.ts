/**
 * The incident topology: raw events → validate (bad timestamps to dead_letter) → parse → enrich →
 * enriched; enriched → hourly summary (late events to late) → hourly_summary; enriched → alert
 * rules → alerts. Source `raw` holds decoded raw events; undecodable bytes never reach it.
 */
import { pipeline, type Duration, type Pipeline } from '@incident-pipeline/dataflow'
import {
  alertRules,
  assignEventTime,
  defaultAlertRulesConfig,
  enrichIncident,
  hourlySummary,
  parseIncident,
  type AlertRulesConfigInput,
  type RawIncidentEvent,
} from '../transforms/index.ts'

export interface IncidentTopologyOptions {
  /** Grace of the hourly windows; 5m by default. */
  readonly summaryGrace?: Duration
  readonly alerts?: AlertRulesConfigInput
}

export const defaultIncidentTopologyOptions = {
  summaryGrace: '5m',
  alerts: defaultAlertRulesConfig,
} satisfies IncidentTopologyOptions

/** Sink names; the Kafka runner maps them to topics. */
export const incidentSinks = [
  'enriched',
  'dead_letter',
  'late',
  'hourly_summary',
  'alerts',
] as const

/**
 * @example
 * const runner = inMemoryRunner(incidentTopology(), { partitions: { raw: 3 } })
 */
export function incidentTopology(options: IncidentTopologyOptions = {}): Pipeline {
  const { summaryGrace, alerts } = { ...defaultIncidentTopologyOptions, ...options }
  const p = pipeline()
  const validated = p.source<RawIncidentEvent>('raw').parDo('validate', assignEventTime())
  validated.dead_letter.output('dead_letter')

  const enriched = validated.main
    .map('parse', (event, ctx) => parseIncident(event, ctx.timestamp))
    .map('enrich', (parsed, ctx) =>
      enrichIncident(parsed, { partition: ctx.partition, offset: ctx.offset }),
    )
  enriched.output('enriched')

  const summary = enriched.apply(hourlySummary({ grace: summaryGrace }))
  summary.late.output('late')
  summary.rows.output('hourly_summary')
  enriched.apply(alertRules(alerts)).output('alerts')
  return p.build()
}
