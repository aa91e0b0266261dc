/**
 * The shared vocabulary of scenario kinds: a builder that walks a timeline with random gaps and
 * records template events on it. It keeps one system id per service for the whole scenario (so
 * events without a service, like `security_breach`, can be tied to one through their system), draws
 * every field a kind leaves out from the original pools and ranges, and gives each event its id.
 */
import { ConfigError } from '@incident-pipeline/dataflow'
import {
  assignees,
  attackTypes,
  categories,
  databases,
  escalationTeams,
  fieldRanges,
  incidentTemplates,
  resolvers,
  severities,
  templateFieldNames,
} from '../../transforms/incident-templates.ts'
import type {
  IncidentAction,
  IncidentFieldName,
  IncidentFields,
} from '../../transforms/incident-types.ts'
import type { ServiceMap } from '../../transforms/service-map.ts'
import { randomUuid } from '../generate-events.ts'
import type { Random } from '../random.ts'
import { randomPublicIPv4 } from '../templates.ts'
import type { PlannedEvent, ScenarioKind } from './scenario-types.ts'

/** Inclusive `[min, max]` range, ms or a field's units. */
export type Range = readonly [number, number]

export const SECOND = 1_000
export const MINUTE = 60_000

const fieldNames = new Map(incidentTemplates.map((t) => [t.action, templateFieldNames(t)]))

const incidentId = (random: Random): string =>
  'INC-' + random.uint32().toString(16).toUpperCase().padStart(8, '0')
const systemId = (random: Random): string =>
  'SYS-' + String(random.int(...fieldRanges.system_number)).padStart(4, '0')

const samplers: Record<IncidentFieldName, (random: Random) => string | number> = {
  incident_id: incidentId,
  service: () => {
    throw new Error('unreachable: the builder always sets service')
  },
  category: (random) => random.pick(categories),
  severity: (random) => random.pick(severities),
  system_id: systemId,
  affected_users: (random) => random.int(...fieldRanges.affected_users),
  duration_minutes: (random) => random.int(...fieldRanges.duration_minutes),
  resolver: (random) => random.pick(resolvers),
  assignee: (random) => random.pick(assignees),
  escalation_team: (random) => random.pick(escalationTeams),
  performance_impact_pct: (random) => random.int(...fieldRanges.performance_impact_pct),
  cpu_pct: (random) => random.int(...fieldRanges.cpu_pct),
  memory_pct: (random) => random.int(...fieldRanges.memory_pct),
  disk_pct: (random) => random.int(...fieldRanges.disk_pct),
  attack_type: (random) => random.pick(attackTypes),
  source_ip: randomPublicIPv4,
  database: (random) => random.pick(databases),
  affected_records: (random) => random.int(...fieldRanges.affected_records),
}

/** A timeline cursor that records events; see the module comment. */
export interface PlanBuilder {
  readonly random: Random
  /** The cursor: offset of the next event from the scenario's start, ms. */
  readonly offsetMs: number
  /** Moves the cursor forward by a uniform gap in `range` ms; returns the gap. */
  wait(range: Range): number
  /** Records an event at the cursor; fields left out are drawn from the pools. */
  emit(action: IncidentAction, service: string, fields?: Partial<IncidentFields>): PlannedEvent
  /** Runs `step` `times` times, waiting a gap in `range` between two steps (not before the first). */
  repeat(times: number, range: Range, step: (i: number) => void): void
  /** A performance degradation of each service in turn, a gap before each, impact climbing. */
  degrade(services: readonly string[], range: Range, impact: Range): void
  /** Resolves `incident` at the cursor: its id, users, and the minutes since it was recorded. */
  resolve(incident: PlannedEvent): PlannedEvent
  /** The system id of a service in this scenario (drawn once per service). */
  systemOf(service: string): string
  /** A fresh incident id. */
  incidentId(): string
  /** The recorded events, in offset order. */
  events(): PlannedEvent[]
}

/**
 * @example
 * const b = createPlanBuilder(random)
 * b.emit('resource_threshold', 'database', { cpu_pct: 92 })
 * b.wait([15 * SECOND, 45 * SECOND])
 * b.emit('performance_degradation', 'payment-service')
 */
export function createPlanBuilder(random: Random): PlanBuilder {
  let offsetMs = 0
  const systems = new Map<string, string>()
  const events: PlannedEvent[] = []
  const systemOf = (service: string): string => {
    let id = systems.get(service)
    if (id === undefined) {
      id = systemId(random)
      // Distinct services get distinct systems, so a system names one service.
      while ([...systems.values()].includes(id)) id = systemId(random)
      systems.set(service, id)
    }
    return id
  }
  const builder: PlanBuilder = {
    random,
    get offsetMs() {
      return offsetMs
    },
    wait([min, max]) {
      const gap = random.int(min, max)
      offsetMs += gap
      return gap
    },
    emit(action, service, given = {}) {
      const fields: Partial<IncidentFields> = {}
      for (const name of fieldNames.get(action) ?? []) {
        const value =
          given[name] ??
          (name === 'service' ? service : name === 'system_id' ? systemOf(service) : undefined)
        ;(fields as Record<string, string | number>)[name] = value ?? samplers[name](random)
      }
      const event = { eventId: randomUuid(random), offsetMs, action, service, fields }
      events.push(event)
      return event
    },
    repeat(times, range, step) {
      for (let i = 0; i < times; i++) {
        if (i > 0) builder.wait(range)
        step(i)
      }
    },
    degrade(services, range, [from, to]) {
      const impact = climb(random, services.length, from, to)
      services.forEach((service, i) => {
        builder.wait(range)
        builder.emit('performance_degradation', service, { performance_impact_pct: impact[i] })
      })
    },
    resolve(incident) {
      return builder.emit('incident_resolved', incident.service, {
        incident_id: incident.fields.incident_id,
        duration_minutes: minutesOf(offsetMs - incident.offsetMs),
        affected_users: incident.fields.affected_users,
      })
    },
    systemOf,
    incidentId: () => incidentId(random),
    events: () => [...events].sort((a, b) => a.offsetMs - b.offsetMs),
  }
  return builder
}

/**
 * `steps` values climbing from about `from` to about `to` (both inside a field's range), with a
 * little jitter but never going down; for thresholds that get worse over time.
 *
 * @example
 * climb(random, 4, 82, 97) // e.g. [82, 88, 91, 97]
 */
export function climb(random: Random, steps: number, from: number, to: number): number[] {
  const values: number[] = []
  let last = from
  for (let i = 0; i < steps; i++) {
    const target = steps === 1 ? to : from + ((to - from) * i) / (steps - 1)
    last = Math.min(to, Math.max(last, Math.round(target) + random.int(-1, 1)))
    values.push(last)
  }
  return values
}

/** `duration_minutes` of a span of time, kept inside the field's range. */
export function minutesOf(ms: number): number {
  const [min, max] = fieldRanges.duration_minutes
  return Math.min(max, Math.max(min, Math.round(ms / MINUTE)))
}

/**
 * Checks that the map declares the services a kind needs, with an error naming the kind.
 *
 * @example
 * requireServices('ddos', map, ['load-balancer'])
 */
export function requireServices(
  kind: ScenarioKind,
  map: ServiceMap,
  needed: readonly string[],
): void {
  for (const service of needed) {
    if (!map.has(service)) {
      throw new ConfigError(`scenario ${kind} needs service '${service}' in the service map`)
    }
  }
}

/**
 * Up to `count` distinct elements of `items`, in a random order.
 *
 * @example
 * sample(random, ['a', 'b', 'c'], 2) // e.g. ['c', 'a']
 */
export function sample<T>(random: Random, items: readonly T[], count: number): T[] {
  const pool = [...items]
  const chosen: T[] = []
  while (chosen.length < count && pool.length > 0) {
    chosen.push(pool.splice(random.int(0, pool.length - 1), 1)[0] as T)
  }
  return chosen
}

/**
 * The service a scenario rooted at `root` hits upstream: `preferred` when it calls `root`, else
 * the first caller; with all of `root`'s callers. Fails naming the kind when the map lacks either.
 *
 * @example
 * const { caller, callers } = callerOf('bad-deploy', map, 'auth-service', 'api-gateway')
 */
export function callerOf(
  kind: ScenarioKind,
  map: ServiceMap,
  root: string,
  preferred: string,
): { caller: string; callers: string[] } {
  requireServices(kind, map, [root])
  const callers = map.upstreamOf(root)
  const caller = callers.includes(preferred) ? preferred : callers[0]
  if (caller === undefined) {
    throw new ConfigError(`scenario ${kind} needs a service that depends on ${root}`)
  }
  return { caller, callers }
}
