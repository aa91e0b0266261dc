/**
 * Types of injected incident scenarios: a scenario kind plans a timed cascade of events made only
 * of the original templates (a draft, relative to its start), the registry turns the draft into a
 * scheduled plan with event times, and the plan's ground truth says what an analyzer should find.
 * The ground truth is a wire record (topic `incidents.scenarios`, JSONL), so its fields are
 * snake_case like the Avro records; its times are epoch ms.
 */
import type { categories } from '../../transforms/incident-templates.ts'
import type { IncidentAction, IncidentFields } from '../../transforms/incident-types.ts'
import type { ServiceMap } from '../../transforms/service-map.ts'
import type { Random } from '../random.ts'

export const scenarioKinds = [
  'database-pool-exhaustion',
  'ddos',
  'bad-deploy',
  'disk-filling',
  'network-partition',
] as const

export type ScenarioKind = (typeof scenarioKinds)[number]

/** One of the eight incident categories of the log format. */
export type IncidentCategory = (typeof categories)[number]

/** One event of a scenario, relative to the scenario's start. */
export interface PlannedEvent {
  eventId: string
  /** Time after the scenario's start, ms; non-decreasing along a draft. */
  offsetMs: number
  action: IncidentAction
  /**
   * The service the event is about. For `security_breach` and `data_corruption`, whose messages
   * carry no service, it is the service that owns the event's `system_id`.
   */
  service: string
  /** Exactly the template's fields, all from the original pools and ranges. */
  fields: Partial<IncidentFields>
}

/** What a scenario kind plans: the cascade, its root service and its root category. */
export interface ScenarioDraft {
  rootService: string
  /** The category of the incident the root service reports first. */
  rootCategory: IncidentCategory
  /** In offset order. */
  events: PlannedEvent[]
}

/** A scenario kind: a pure planner from a seeded random stream and the service map. */
export interface ScenarioDefinition {
  kind: ScenarioKind
  /** One line for `--help`. */
  summary: string
  plan(random: Random, map: ServiceMap): ScenarioDraft
}

/** A planned event placed in time. */
export interface ScheduledEvent extends PlannedEvent {
  scenarioId: string
  /** Event time, epoch ms: the scenario's start plus the offset. */
  eventTime: number
}

/** One event of the ground truth. */
export interface ScenarioTruthEvent {
  event_id: string
  event_time: number
  action: IncidentAction
  service: string
  system_id: string | null
  incident_id: string | null
}

/** The ground truth of one injected scenario. */
export interface ScenarioTruth {
  /** Also the Kafka key: `<kind>-<seed>-<index>`. */
  scenario_id: string
  kind: ScenarioKind
  seed: number
  /** Number of the scenario in its run (0, 1, ...). */
  index: number
  root_service: string
  root_category: IncidentCategory
  /** Event time of the first event, epoch ms. */
  start_time: number
  /** Event time of the last event, epoch ms. */
  end_time: number
  /** Services with at least one event, the root first, then by first event. */
  affected_services: string[]
  /** Ids of the events produced, in event-time order. */
  event_ids: string[]
  events: ScenarioTruthEvent[]
  /** How the events were emitted: when their time came, or all at once at the start. */
  timing: ScenarioTiming
  /** True when the run stopped before the scenario's last event; lists only what was sent. */
  truncated: boolean
}

/**
 * `scheduled`: each scenario event is emitted when the stream's time (the wall clock in the CLI)
 * reaches its event time, so the stream stays in event-time order. `immediate`: all of a
 * scenario's events are emitted as soon as it starts, carrying their future event times.
 */
export type ScenarioTiming = 'scheduled' | 'immediate'
