/**
 * Types of the incident data as it flows through the topology: the raw log event (the Avro
 * contract `schemas/incident-log-event.avsc`), the parsed incident, and the enriched incident
 * (exactly the fields of `schemas/enriched-incident.avsc`). Field names are snake_case because
 * they are the Avro field names; nullable Avro fields are `T | null`; times are epoch ms.
 */

/** Log level of an event (Avro enum `LogLevel`). */
export type LogLevel = 'INFO' | 'WARNING' | 'ERROR'

/** The nine template actions of the incident log format. */
export type IncidentAction =
  | 'incident_resolved'
  | 'system_recovered'
  | 'maintenance_completed'
  | 'incident_detected'
  | 'performance_degradation'
  | 'resource_threshold'
  | 'critical_incident'
  | 'security_breach'
  | 'data_corruption'

/** A template action, or `unknown` when a message matched no template. */
export type ParsedAction = IncidentAction | 'unknown'

/** Avro enum `ParseStatus`. */
export type ParseStatus = 'parsed' | 'partial' | 'unknown'

/** Avro enum `NormalizedSeverity`. */
export type NormalizedSeverity = 'critical' | 'high' | 'medium' | 'low' | 'info'

/** Avro enum `LifecycleStage`. */
export type LifecycleStage =
  'detected' | 'escalated' | 'resolved' | 'recovered' | 'maintenance' | 'unknown'

/** A raw log event, as `schemas/incident-log-event.avsc` defines it. */
export interface RawIncidentEvent {
  event_id: string
  /** ISO-8601 time in UTC, as text. */
  timestamp: string
  level: LogLevel
  /** Free text rendered from a template. Untrusted. */
  message: string
  source: string
}

/** The fields a template message can carry; `null` when the message does not carry it. */
export interface IncidentFields {
  incident_id: string | null
  service: string | null
  category: string | null
  severity: string | null
  system_id: string | null
  affected_users: number | null
  duration_minutes: number | null
  resolver: string | null
  assignee: string | null
  escalation_team: string | null
  performance_impact_pct: number | null
  cpu_pct: number | null
  memory_pct: number | null
  disk_pct: number | null
  attack_type: string | null
  source_ip: string | null
  database: string | null
  affected_records: number | null
}

/** Name of one message field. */
export type IncidentFieldName = keyof IncidentFields

/** A raw event parsed into typed fields, before enrichment. */
export interface ParsedIncident extends IncidentFields {
  event_id: string
  /** Epoch ms UTC. */
  event_time: number
  level: LogLevel
  action: ParsedAction
  message: string
  parse_status: ParseStatus
}

/** An enriched incident: exactly the fields of `schemas/enriched-incident.avsc`. */
export interface EnrichedIncident extends ParsedIncident {
  severity_normalized: NormalizedSeverity
  lifecycle_stage: LifecycleStage
  is_security: boolean
  is_outage: boolean
  is_data_loss_risk: boolean
  source_partition: number
  source_offset: number
}
