/**
 * The incident log format in one place: the nine message templates, the value pools and ranges
 * of their fields, and the token shape of each field. The generator renders messages from it and
 * the parser compiles its patterns from it, so the two cannot drift apart. Facts come from
 * `/work/shared/reference/incident-log-format.md`; placeholders are named after the Avro fields
 * (`{duration_minutes}` is the spec's `{duration}`, `{cpu_pct}` its `{cpu_usage}`, and so on).
 */
import type {
  IncidentAction,
  IncidentFieldName,
  IncidentFields,
  LogLevel,
} from './incident-types.ts'

/** One message template of the original generator. */
export interface IncidentTemplate {
  action: IncidentAction
  level: LogLevel
  /** Message text with `{field}` placeholders named after {@link IncidentFields} keys. */
  text: string
}

export const incidentTemplates = [
  {
    action: 'incident_resolved',
    level: 'INFO',
    text: 'Incident {incident_id} resolved. Service: {service}. Duration: {duration_minutes} minutes. Affected users: {affected_users}. Resolved by: {resolver}',
  },
  {
    action: 'system_recovered',
    level: 'INFO',
    text: 'System {system_id} recovered from {category}. Service: {service}. Recovery time: {duration_minutes} minutes. Status: Operational',
  },
  {
    action: 'maintenance_completed',
    level: 'INFO',
    text: 'Scheduled maintenance completed for {service}. System: {system_id}. Duration: {duration_minutes} minutes. No issues detected',
  },
  {
    action: 'incident_detected',
    level: 'WARNING',
    text: 'Incident {incident_id} detected. Service: {service}. Category: {category}. Severity: {severity}. Affected users: {affected_users}. Assigned to: {assignee}',
  },
  {
    action: 'performance_degradation',
    level: 'WARNING',
    text: 'Performance degradation detected on {service}. System: {system_id}. Response time increased by {performance_impact_pct}%. Investigating...',
  },
  {
    action: 'resource_threshold',
    level: 'WARNING',
    text: 'Resource threshold exceeded on {system_id}. Service: {service}. CPU: {cpu_pct}%, Memory: {memory_pct}%, Disk: {disk_pct}%',
  },
  {
    action: 'critical_incident',
    level: 'ERROR',
    text: 'CRITICAL incident {incident_id}. Service: {service} DOWN. Category: {category}. Affected users: {affected_users}. Escalated to: {escalation_team}',
  },
  {
    action: 'security_breach',
    level: 'ERROR',
    text: 'SECURITY BREACH detected. Incident: {incident_id}. System: {system_id}. Attack type: {attack_type}. Source IP: {source_ip}. Immediate action required',
  },
  {
    action: 'data_corruption',
    level: 'ERROR',
    text: 'DATA CORRUPTION detected. Incident: {incident_id}. System: {system_id}. Database: {database}. Records affected: {affected_records}. Backup restoration initiated',
  },
] as const satisfies readonly IncidentTemplate[]

/** Weight of each level group when picking a template; uniform within a group. */
export const levelWeights = { INFO: 0.6, WARNING: 0.3, ERROR: 0.1 } as const satisfies Record<
  LogLevel,
  number
>

export const services = [
  'web-server',
  'database',
  'api-gateway',
  'auth-service',
  'payment-service',
  'email-service',
  'file-storage',
  'cache-redis',
  'load-balancer',
  'monitoring',
  'backup-service',
  'cdn',
  'message-queue',
  'search-engine',
  'analytics',
] as const
export const severities = ['Critical', 'High', 'Medium', 'Low'] as const
export const categories = [
  'Hardware Failure',
  'Software Bug',
  'Network Issue',
  'Security Breach',
  'Performance Degradation',
  'Service Outage',
  'Data Corruption',
  'Configuration Error',
] as const
export const attackTypes = [
  'SQL Injection',
  'DDoS',
  'Malware',
  'Phishing',
  'Brute Force',
  'Cross-Site Scripting',
  'Man-in-the-Middle',
] as const
export const escalationTeams = [
  'L2-Support',
  'DevOps',
  'Security-Team',
  'Database-Admin',
  'Network-Team',
  'Infrastructure',
] as const
export const resolvers = [
  'john.doe',
  'jane.smith',
  'mike.wilson',
  'sarah.johnson',
  'alex.brown',
  'lisa.davis',
] as const
export const assignees = [
  'support.team',
  'ops.team',
  'dev.team',
  'security.team',
  'network.team',
] as const
export const databases = [
  'user_db',
  'product_db',
  'analytics_db',
  'logs_db',
  'config_db',
  'backup_db',
] as const

/** Inclusive `[min, max]` ranges of the numeric fields and of the numbered ids. */
export const fieldRanges = {
  system_number: [1, 500],
  user_number: [1, 10_000],
  affected_users: [1, 5000],
  duration_minutes: [5, 480],
  performance_impact_pct: [10, 200],
  cpu_pct: [70, 100],
  memory_pct: [75, 95],
  disk_pct: [80, 98],
  affected_records: [100, 100_000],
} as const satisfies Record<string, readonly [number, number]>

/** Fields whose value is an Avro `int`; all others are strings. */
export const intFields: ReadonlySet<IncidentFieldName> = new Set<IncidentFieldName>([
  'affected_users',
  'duration_minutes',
  'performance_impact_pct',
  'cpu_pct',
  'memory_pct',
  'disk_pct',
  'affected_records',
])

const name = '[A-Za-z0-9_-]+'
const dottedName = '[A-Za-z0-9_.-]*[A-Za-z0-9_-]'
const phrase = '[A-Za-z](?:[A-Za-z -]*[A-Za-z])?'
// At most 9 digits, so every value fits an Avro int.
const count = '[0-9]{1,9}'
const octet = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])'

/**
 * Regular-expression source of each field's token, without groups. Strict on ids (the Avro docs
 * fix their shape), open on names so that a new service or team still parses. Dotted names only
 * occur where the field ends the message, so they never swallow a sentence's full stop.
 */
export const fieldPatterns = {
  incident_id: 'INC-[0-9A-F]{8}',
  service: name,
  category: phrase,
  severity: '[A-Za-z]+',
  system_id: 'SYS-[0-9]{4}',
  affected_users: count,
  duration_minutes: count,
  resolver: dottedName,
  assignee: dottedName,
  escalation_team: name,
  performance_impact_pct: count,
  cpu_pct: count,
  memory_pct: count,
  disk_pct: count,
  attack_type: phrase,
  source_ip: `(?:${octet}\\.){3}${octet}`,
  database: name,
  affected_records: count,
} as const satisfies Record<IncidentFieldName, string>

const placeholder = /\{([a-z_]+)\}/g

/**
 * Field names of a template, in the order they appear in its text.
 *
 * @example
 * templateFieldNames(incidentTemplates[4]) // ['service', 'system_id', 'performance_impact_pct']
 */
export function templateFieldNames(template: IncidentTemplate): IncidentFieldName[] {
  return Array.from(template.text.matchAll(placeholder), (m) => m[1] as IncidentFieldName)
}

// Each template's text split at its placeholders: literals at even, field names at odd indexes.
const partsByText = new Map<string, string[]>()

/**
 * Renders a template's message from field values.
 *
 * @example
 * renderTemplate(incidentTemplates[2], { service: 'cdn', system_id: 'SYS-0042', duration_minutes: 30 })
 * // 'Scheduled maintenance completed for cdn. System: SYS-0042. Duration: 30 minutes. No issues detected'
 */
export function renderTemplate(
  template: IncidentTemplate,
  fields: Partial<IncidentFields>,
): string {
  let parts = partsByText.get(template.text)
  if (parts === undefined) {
    parts = template.text.split(/\{([a-z_]+)\}/)
    partsByText.set(template.text, parts)
  }
  let message = parts[0] as string
  for (let i = 1; i < parts.length; i += 2) {
    const field = parts[i] as IncidentFieldName
    const value = fields[field]
    if (value === undefined || value === null) {
      throw new Error(`missing field for ${template.action}: ${field}`)
    }
    message += String(value) + (parts[i + 1] as string)
  }
  return message
}
