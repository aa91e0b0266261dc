/**
 * Test support: raw incident events rendered from the real templates with fixed field values, so
 * tests of the summary, the alert rules and the topology read like the data they are about.
 */
import type {
  IncidentAction,
  IncidentFields,
  LogLevel,
  RawIncidentEvent,
} from './incident-types.ts'
import { incidentTemplates, renderTemplate } from './incident-templates.ts'

export const sampleFields = {
  incident_id: 'INC-0000ABCD',
  service: 'web-server',
  category: 'Network Issue',
  severity: 'High',
  system_id: 'SYS-0042',
  affected_users: 120,
  duration_minutes: 45,
  resolver: 'jane.smith',
  assignee: 'ops.team',
  escalation_team: 'DevOps',
  performance_impact_pct: 150,
  cpu_pct: 97,
  memory_pct: 80,
  disk_pct: 85,
  attack_type: 'DDoS',
  source_ip: '8.8.4.4',
  database: 'user_db',
  affected_records: 1000,
} satisfies IncidentFields

let counter = 0

/**
 * A raw event of template `action` at `time`, with the sample fields overridden by `fields`.
 *
 * @example
 * sampleEvent('critical_incident', Date.UTC(2026, 10, 28, 3), { service: 'database' })
 */
export function sampleEvent(
  action: IncidentAction,
  time: number,
  fields: Partial<IncidentFields> = {},
  eventId = `evt-${String(++counter).padStart(6, '0')}`,
): RawIncidentEvent {
  const template = incidentTemplates.find((t) => t.action === action)
  if (template === undefined) throw new Error(`no template for ${action}`)
  const message = renderTemplate(template, { ...sampleFields, ...fields })
  return {
    event_id: eventId,
    timestamp: new Date(time).toISOString(),
    level: template.level,
    message,
    source: 'test',
  }
}

/** A raw event with a free-text message of no known shape. */
export function unknownEvent(
  time: number,
  message: string,
  level: LogLevel = 'ERROR',
  eventId = `evt-u${++counter}`,
): RawIncidentEvent {
  return {
    event_id: eventId,
    timestamp: new Date(time).toISOString(),
    level,
    message,
    source: 'test',
  }
}
