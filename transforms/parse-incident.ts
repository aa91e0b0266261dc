/**
 * Parses a raw incident event's message into typed fields. Every template is compiled, from the
 * shared template text in `incident-templates.ts`, into one anchored regular expression that
 * captures all of its fields. Cheap string checks (first character, literal prefix, and for the
 * two `Incident ...` templates the verb) pick the one template worth trying. A message of no known shape is never dropped and never throws: it
 * keeps whatever the field-level fallback patterns recover and is flagged `partial` (something
 * recovered) or `unknown` (nothing), with action `unknown`.
 */
import {
  fieldPatterns,
  incidentTemplates,
  intFields,
  type IncidentTemplate,
} from './incident-templates.ts'
import type {
  IncidentAction,
  IncidentFieldName,
  ParsedIncident,
  RawIncidentEvent,
} from './incident-types.ts'

interface CompiledTemplate {
  action: IncidentAction
  /** Literal text before the first field, checked before running the regex. */
  prefix: string
  /** Literal text between the first and the second field, to tell apart templates sharing a prefix. */
  marker: string
  regex: RegExp
  /** The captured fields, in capture order. */
  fields: readonly IncidentFieldName[]
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A template's text split at its placeholders: `literals` has one more entry than `fields`. */
function splitTemplate(template: IncidentTemplate): {
  literals: string[]
  fields: IncidentFieldName[]
} {
  const parts = template.text.split(/\{([a-z_]+)\}/)
  return {
    literals: parts.filter((_, i) => i % 2 === 0),
    fields: parts.filter((_, i) => i % 2 === 1) as IncidentFieldName[],
  }
}

function compileTemplate(template: IncidentTemplate): CompiledTemplate {
  const { literals, fields } = splitTemplate(template)
  const source = fields.reduce(
    (regex, field, i) => `${regex}(${fieldPatterns[field]})${escape(literals[i + 1] ?? '')}`,
    `^${escape(literals[0] ?? '')}`,
  )
  return {
    action: template.action,
    prefix: literals[0] ?? '',
    marker: literals[1] ?? '',
    regex: new RegExp(`${source}$`),
    fields,
  }
}

// Candidate templates by the char code of the message's first character; within a group, the
// literal prefix is checked before the regex runs.
const candidates: (CompiledTemplate[] | undefined)[] = []
for (const template of incidentTemplates) {
  const compiled = compileTemplate(template)
  const first = compiled.prefix.charCodeAt(0)
  candidates[first] = [...(candidates[first] ?? []), compiled]
}

// Field-level fallbacks for messages of unknown shape: a field is recognised by the label that
// precedes it in some template ('Service: ', 'detected on ', ...) and by its own token shape.
// Ids are recognised on their own, wherever they stand.
const standalone: ReadonlySet<IncidentFieldName> = new Set(['incident_id', 'system_id'])

function fallbackPatterns(): [IncidentFieldName, RegExp][] {
  const labels = new Map<IncidentFieldName, Set<string>>()
  for (const template of incidentTemplates) {
    const { literals, fields } = splitTemplate(template)
    fields.forEach((field, i) => {
      // The label is the end of the literal before the field, from its last sentence break.
      const literal = literals[i] ?? ''
      const start = Math.max(literal.lastIndexOf('. '), literal.lastIndexOf(', ')) + 1
      const label = literal.slice(start).trimStart()
      if (label !== '') labels.set(field, (labels.get(field) ?? new Set()).add(label))
    })
  }
  return (Object.keys(fieldPatterns) as IncidentFieldName[]).map((field) => {
    const pattern = fieldPatterns[field]
    const end = intFields.has(field) || standalone.has(field) ? '(?![0-9A-Za-z])' : ''
    if (standalone.has(field)) return [field, new RegExp(`(?<![0-9A-Za-z])(${pattern})${end}`)]
    const fieldLabels = [...(labels.get(field) ?? [])]
    if (fieldLabels.length === 0) throw new Error(`no label for field: ${field}`)
    return [field, new RegExp(`(?:${fieldLabels.map(escape).join('|')})(${pattern})${end}`)]
  })
}

const fallbacks = fallbackPatterns()

function blankIncident(event: RawIncidentEvent, eventTime: number): ParsedIncident {
  return {
    event_id: event.event_id,
    event_time: eventTime,
    level: event.level,
    action: 'unknown',
    message: event.message,
    parse_status: 'unknown',
    incident_id: null,
    service: null,
    category: null,
    severity: null,
    system_id: null,
    affected_users: null,
    duration_minutes: null,
    resolver: null,
    assignee: null,
    escalation_team: null,
    performance_impact_pct: null,
    cpu_pct: null,
    memory_pct: null,
    disk_pct: null,
    attack_type: null,
    source_ip: null,
    database: null,
    affected_records: null,
  }
}

/**
 * Stores a captured value in its field. A switch of plain property stores keeps each store
 * monomorphic and fast; a computed `incident[field] = value` would not be.
 */
function setField(incident: ParsedIncident, field: IncidentFieldName, value: string): void {
  switch (field) {
    case 'incident_id':
      incident.incident_id = value
      break
    case 'service':
      incident.service = value
      break
    case 'category':
      incident.category = value
      break
    case 'severity':
      incident.severity = value
      break
    case 'system_id':
      incident.system_id = value
      break
    case 'affected_users':
      incident.affected_users = Number(value)
      break
    case 'duration_minutes':
      incident.duration_minutes = Number(value)
      break
    case 'resolver':
      incident.resolver = value
      break
    case 'assignee':
      incident.assignee = value
      break
    case 'escalation_team':
      incident.escalation_team = value
      break
    case 'performance_impact_pct':
      incident.performance_impact_pct = Number(value)
      break
    case 'cpu_pct':
      incident.cpu_pct = Number(value)
      break
    case 'memory_pct':
      incident.memory_pct = Number(value)
      break
    case 'disk_pct':
      incident.disk_pct = Number(value)
      break
    case 'attack_type':
      incident.attack_type = value
      break
    case 'source_ip':
      incident.source_ip = value
      break
    case 'database':
      incident.database = value
      break
    case 'affected_records':
      incident.affected_records = Number(value)
      break
  }
}

function parseUnknown(incident: ParsedIncident): ParsedIncident {
  for (const [field, regex] of fallbacks) {
    const match = regex.exec(incident.message)
    if (match === null) continue
    setField(incident, field, match[1] as string)
    incident.parse_status = 'partial'
  }
  return incident
}

/**
 * Parses a raw event, whose timestamp has already been parsed to `eventTime` (epoch ms), into a
 * {@link ParsedIncident}. Never throws on any message.
 *
 * @example
 * const incident = parseIncident(event, parseEventTime(event.timestamp) ?? deadLetter(event))
 * incident.action // 'critical_incident'
 * incident.service // 'payment-service'
 */
export function parseIncident(event: RawIncidentEvent, eventTime: number): ParsedIncident {
  const incident = blankIncident(event, eventTime)
  const message = event.message
  const group = candidates[message.charCodeAt(0)]
  if (group === undefined) return parseUnknown(incident)
  for (let t = 0; t < group.length; t++) {
    const template = group[t] as CompiledTemplate
    if (!message.startsWith(template.prefix)) continue
    if (group.length > 1 && message.indexOf(template.marker, template.prefix.length) < 0) continue
    const match = template.regex.exec(message)
    if (match === null) continue
    const fields = template.fields
    for (let i = 0; i < fields.length; i++) {
      setField(incident, fields[i] as IncidentFieldName, match[i + 1] as string)
    }
    incident.action = template.action
    incident.parse_status = 'parsed'
    return incident
  }
  return parseUnknown(incident)
}
