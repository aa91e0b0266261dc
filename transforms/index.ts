/**
 * The incident transforms: parsing and enrichment of raw events, the validate step that assigns
 * event time, the hourly summary and the alert rules. Pure functions and pipeline steps only.
 */
export { alertRules, lifecycleRuleOf } from './alert-rules.ts'
export {
  alertFingerprint,
  maxSamples,
  stateRecordId,
  type Alert,
  type AlertInput,
  type AlertState,
} from './alert-record.ts'
export { bucketCountFn, firesEarly, lifecycleRecord } from './alert-lifecycle.ts'
export type { BucketAcc, BucketInput, LifecycleRule, LifecycleShape } from './alert-lifecycle.ts'
export {
  alertRulesConfigSchema,
  defaultAlertRulesConfig,
  groupByFields,
  parseAlertRulesConfig,
} from './alert-rules-config.ts'
export type {
  AlertRule,
  AlertRulesConfig,
  AlertRulesConfigInput,
  GroupByField,
} from './alert-rules-config.ts'
export { assignEventTime } from './assign-event-time.ts'
export type { AssignEventTimeOutputs } from './assign-event-time.ts'
export { deadLetter } from './dead-letter.ts'
export type { DeadLetterElement, TopologyDeadLetterReason } from './dead-letter.ts'
export { enrichIncident, normalizeSeverity } from './enrich-incident.ts'
export type { RecordOrigin } from './enrich-incident.ts'
export {
  defaultHourlySummaryOptions,
  hourlySummary,
  summaryKeys,
  toSummaryRow,
} from './hourly-summary.ts'
export type {
  HourlySummaryOptions,
  HourlySummaryOutputs,
  HourlySummaryRow,
  SummaryDimension,
} from './hourly-summary.ts'
export { hourlySummaryFn } from './hourly-summary-fn.ts'
export type {
  HourlySummaryAccumulator,
  HourlySummaryStats,
  SummaryInput,
} from './hourly-summary-fn.ts'
export { incidentTemplates, renderTemplate } from './incident-templates.ts'
export type { IncidentTemplate } from './incident-templates.ts'
export type {
  EnrichedIncident,
  IncidentAction,
  IncidentFields,
  LifecycleStage,
  LogLevel,
  NormalizedSeverity,
  ParsedAction,
  ParsedIncident,
  ParseStatus,
  RawIncidentEvent,
} from './incident-types.ts'
export { parseEventTime } from './parse-event-time.ts'
export { parseIncident } from './parse-incident.ts'
