/**
 * Enriches a parsed incident with what the dashboard and alert rules ask of every event: a
 * normalized severity, its lifecycle stage, risk flags, and the Kafka record it came from. The
 * output has exactly the fields of `schemas/enriched-incident.avsc`, in schema order.
 *
 * Severity rule, first that applies:
 * 1. The message's own severity (`Severity: High`), lower-cased, when it is one of the four.
 * 2. By action: `critical_incident`, `security_breach`, `data_corruption` are `critical`;
 *    `performance_degradation` is `high` when response time rose by 100% or more (at least
 *    doubled), else `medium`; `resource_threshold` is `high` when CPU, memory or disk is at 95% or
 *    more, else `medium`; `incident_detected` without a usable severity is `medium`; the INFO
 *    actions (`incident_resolved`, `system_recovered`, `maintenance_completed`) are `info`.
 * 3. For `unknown` messages, by level: ERROR `high`, WARNING `medium`, INFO `info`.
 *
 * Flags: `is_security` for security breaches, a `Security Breach` category (at any stage) or a
 * stated attack type; `is_outage` for a critical incident (`Service: X DOWN`) or a `Service
 * Outage` category that is not yet resolved or recovered; `is_data_loss_risk` for data corruption,
 * or a `Data Corruption` category that is not yet resolved or recovered.
 */
import type {
  EnrichedIncident,
  IncidentAction,
  LifecycleStage,
  NormalizedSeverity,
  ParsedIncident,
} from './incident-types.ts'

/** The Kafka record an incident was read from. */
export interface RecordOrigin {
  partition: number
  offset: number
}

const stageByAction: Record<IncidentAction | 'unknown', LifecycleStage> = {
  incident_detected: 'detected',
  performance_degradation: 'detected',
  resource_threshold: 'detected',
  critical_incident: 'escalated',
  security_breach: 'escalated',
  data_corruption: 'escalated',
  incident_resolved: 'resolved',
  system_recovered: 'recovered',
  maintenance_completed: 'maintenance',
  unknown: 'unknown',
}

const statedSeverity = (severity: string | null): NormalizedSeverity | undefined => {
  switch (severity) {
    case 'Critical':
      return 'critical'
    case 'High':
      return 'high'
    case 'Medium':
      return 'medium'
    case 'Low':
      return 'low'
  }
  switch (severity?.toLowerCase()) {
    case 'critical':
      return 'critical'
    case 'high':
      return 'high'
    case 'medium':
      return 'medium'
    case 'low':
      return 'low'
  }
  return undefined
}

const atLeast = (value: number | null, threshold: number): boolean =>
  value !== null && value >= threshold

/**
 * The normalized severity of a parsed incident, by the rule in this module's comment.
 *
 * @example
 * normalizeSeverity({ ...parsed, action: 'performance_degradation', performance_impact_pct: 150 }) // 'high'
 */
export function normalizeSeverity(parsed: ParsedIncident): NormalizedSeverity {
  const stated = statedSeverity(parsed.severity)
  if (stated !== undefined) return stated
  switch (parsed.action) {
    case 'critical_incident':
    case 'security_breach':
    case 'data_corruption':
      return 'critical'
    case 'performance_degradation':
      return atLeast(parsed.performance_impact_pct, 100) ? 'high' : 'medium'
    case 'resource_threshold':
      return atLeast(parsed.cpu_pct, 95) ||
        atLeast(parsed.memory_pct, 95) ||
        atLeast(parsed.disk_pct, 95)
        ? 'high'
        : 'medium'
    case 'incident_detected':
      return 'medium'
    case 'incident_resolved':
    case 'system_recovered':
    case 'maintenance_completed':
      return 'info'
    case 'unknown':
      return parsed.level === 'ERROR' ? 'high' : parsed.level === 'WARNING' ? 'medium' : 'info'
  }
}

/**
 * Enriches a parsed incident read from the Kafka record at `origin`.
 *
 * @example
 * const enriched = enrichIncident(parseIncident(event, eventTime), { partition: 0, offset: 42 })
 * enriched.lifecycle_stage // 'escalated'
 */
export function enrichIncident(parsed: ParsedIncident, origin: RecordOrigin): EnrichedIncident {
  const stage = stageByAction[parsed.action]
  const settled = stage === 'resolved' || stage === 'recovered' || stage === 'maintenance'
  const category = parsed.category
  return {
    event_id: parsed.event_id,
    event_time: parsed.event_time,
    level: parsed.level,
    action: parsed.action,
    message: parsed.message,
    parse_status: parsed.parse_status,
    incident_id: parsed.incident_id,
    service: parsed.service,
    category,
    severity: parsed.severity,
    system_id: parsed.system_id,
    affected_users: parsed.affected_users,
    duration_minutes: parsed.duration_minutes,
    resolver: parsed.resolver,
    assignee: parsed.assignee,
    escalation_team: parsed.escalation_team,
    performance_impact_pct: parsed.performance_impact_pct,
    cpu_pct: parsed.cpu_pct,
    memory_pct: parsed.memory_pct,
    disk_pct: parsed.disk_pct,
    attack_type: parsed.attack_type,
    source_ip: parsed.source_ip,
    database: parsed.database,
    affected_records: parsed.affected_records,
    severity_normalized: normalizeSeverity(parsed),
    lifecycle_stage: stage,
    is_security:
      parsed.action === 'security_breach' ||
      category === 'Security Breach' ||
      parsed.attack_type !== null,
    is_outage: parsed.action === 'critical_incident' || (category === 'Service Outage' && !settled),
    is_data_loss_risk:
      parsed.action === 'data_corruption' || (category === 'Data Corruption' && !settled),
    source_partition: origin.partition,
    source_offset: origin.offset,
  }
}
