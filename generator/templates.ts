/**
 * Draws template messages the way the original generator did: a level group by weight (INFO 60%,
 * WARNING 30%, ERROR 10%), a template uniformly within the group, then each field from its pool
 * or range. The templates, pools and ranges themselves live in `transforms/incident-templates.ts`,
 * which the parser shares; this file only adds the randomness, including public source IPs.
 */
import type { Random } from './random.ts'
import {
  assignees,
  attackTypes,
  categories,
  databases,
  escalationTeams,
  fieldRanges,
  incidentTemplates,
  levelWeights,
  renderTemplate,
  resolvers,
  services,
  severities,
  templateFieldNames,
  type IncidentTemplate,
} from '../transforms/incident-templates.ts'
import type { IncidentFieldName, IncidentFields, LogLevel } from '../transforms/incident-types.ts'

/** A template together with the field values a message was rendered from. */
export interface SampledMessage {
  template: IncidentTemplate
  /** Exactly the template's fields; the parser must recover these values. */
  fields: Partial<IncidentFields>
  message: string
}

const levels = Object.keys(levelWeights) as LogLevel[]
const weights = levels.map((level) => levelWeights[level])
const templatesByLevel = new Map<LogLevel, IncidentTemplate[]>(
  levels.map((level) => [level, incidentTemplates.filter((t) => t.level === level)]),
)
const fieldNamesByAction = new Map(incidentTemplates.map((t) => [t.action, templateFieldNames(t)]))

const inRange = (random: Random, [min, max]: readonly [number, number]): number =>
  random.int(min, max)

const samplers: Record<IncidentFieldName, (random: Random) => string | number> = {
  incident_id: (random) => 'INC-' + random.uint32().toString(16).toUpperCase().padStart(8, '0'),
  service: (random) => random.pick(services),
  category: (random) => random.pick(categories),
  severity: (random) => random.pick(severities),
  system_id: (random) =>
    'SYS-' + String(inRange(random, fieldRanges.system_number)).padStart(4, '0'),
  affected_users: (random) => inRange(random, fieldRanges.affected_users),
  duration_minutes: (random) => inRange(random, fieldRanges.duration_minutes),
  resolver: (random) => random.pick(resolvers),
  assignee: (random) => random.pick(assignees),
  escalation_team: (random) => random.pick(escalationTeams),
  performance_impact_pct: (random) => inRange(random, fieldRanges.performance_impact_pct),
  cpu_pct: (random) => inRange(random, fieldRanges.cpu_pct),
  memory_pct: (random) => inRange(random, fieldRanges.memory_pct),
  disk_pct: (random) => inRange(random, fieldRanges.disk_pct),
  attack_type: (random) => random.pick(attackTypes),
  source_ip: (random) => randomPublicIPv4(random),
  database: (random) => random.pick(databases),
  affected_records: (random) => inRange(random, fieldRanges.affected_records),
}

/**
 * Picks a template: a level group by {@link levelWeights}, then uniformly within the group.
 *
 * @example
 * pickTemplate(createRandom(1)).action // e.g. 'incident_resolved'
 */
export function pickTemplate(random: Random): IncidentTemplate {
  const level = random.weighted(levels, weights)
  return random.pick(templatesByLevel.get(level) ?? [])
}

/**
 * Draws a template and its field values, and renders the message.
 *
 * @example
 * const { template, fields, message } = sampleMessage(createRandom(1))
 */
export function sampleMessage(random: Random): SampledMessage {
  const template = pickTemplate(random)
  const fields: Partial<IncidentFields> = {}
  for (const name of fieldNamesByAction.get(template.action) ?? []) {
    ;(fields as Record<string, string | number>)[name] = samplers[name](random)
  }
  return { template, fields, message: renderTemplate(template, fields) }
}

// IPv4 special-purpose ranges (RFC 6890 and the IANA registry) plus multicast; 240.0.0.0/4 also
// covers the limited broadcast address.
const nonPublicRanges = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.31.196.0/24',
  '192.52.193.0/24',
  '192.88.99.0/24',
  '192.168.0.0/16',
  '192.175.48.0/24',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/4',
  '240.0.0.0/4',
].map((cidr) => {
  const [network = '', bits = ''] = cidr.split('/')
  const first = ipv4ToUint32(network)
  return { first, last: first + 2 ** (32 - Number(bits)) - 1 }
})

/** The address as an unsigned 32-bit number, or -1 if it is not a canonical dotted quad. */
function ipv4ToUint32(ip: string): number {
  const parts = ip.split('.')
  if (parts.length !== 4) return -1
  let value = 0
  for (const part of parts) {
    if (!/^(?:0|[1-9][0-9]{0,2})$/.test(part) || Number(part) > 255) return -1
    value = value * 256 + Number(part)
  }
  return value
}

function isPublicUint32(value: number): boolean {
  for (const { first, last } of nonPublicRanges) if (value >= first && value <= last) return false
  return true
}

/**
 * True for a dotted-quad IPv4 address that is publicly routable: not private, loopback,
 * link-local, shared, documentation, benchmarking, multicast or otherwise reserved.
 *
 * @example
 * isPublicIPv4('8.8.8.8') // true
 * isPublicIPv4('10.1.2.3') // false
 */
export function isPublicIPv4(ip: string): boolean {
  const value = ipv4ToUint32(ip)
  return value >= 0 && isPublicUint32(value)
}

/**
 * Draws a uniform public IPv4 address (rejection sampling; about 86% of the space is public).
 *
 * @example
 * randomPublicIPv4(createRandom(1)) // e.g. '93.184.216.34'
 */
export function randomPublicIPv4(random: Random): string {
  let value = random.uint32()
  while (!isPublicUint32(value)) value = random.uint32()
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.')
}
