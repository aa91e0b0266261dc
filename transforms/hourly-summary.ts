/**
 * The hourly summary: enriched incidents in event-time tumbling hours, summarised per
 * (hour, service, level) and per (hour, category). One flatMap gives each event two keyed elements,
 * one per dimension, and one combinePerKey summarises them; each row is emitted once, when its hour
 * closes, as a `schemas/hourly-summary.avsc` record. Events late for their hour go to `late`, once:
 * from their (service, level) element, which carries the whole event. The category element carries
 * only the fields the summary reads, so a runner that repartitions by key ships each event whole
 * once, not twice.
 */
import {
  encodeKey,
  decodeKey,
  HOUR,
  toMillis,
  tumbling,
  type Collection,
  type Duration,
  type KV,
  type WindowedValue,
} from '@incident-pipeline/dataflow'
import {
  hourlySummaryFn,
  type HourlySummaryAccumulator,
  type HourlySummaryStats,
  type SummaryInput,
} from './hourly-summary-fn.ts'

export type SummaryDimension = 'service_level' | 'category'

/** A row of `schemas/hourly-summary.avsc`. */
export interface HourlySummaryRow extends HourlySummaryStats {
  window_start: number
  window_end: number
  dimension: SummaryDimension
  service: string | null
  level: string | null
  category: string | null
  saw_late_input: boolean
}

export interface HourlySummaryOptions {
  /** How long after its end an hour still accepts events; 5m by default. */
  readonly grace?: Duration
  /** Name of the combine step; the other steps are named `<name>/...`. */
  readonly name?: string
}

export const defaultHourlySummaryOptions = {
  grace: '5m',
  name: 'hourly-summary',
} satisfies HourlySummaryOptions

export interface HourlySummaryOutputs<T> {
  readonly rows: Collection<HourlySummaryRow>
  /** Events that arrived after their hour had closed (for their partition or for all). */
  readonly late: Collection<T>
}

const serviceLevelPrefix = `${encodeKey(['service_level'])}|`

/** Distinct services (or categories) whose keys are memoised; untrusted text can have many. */
const maxMemoised = 4096

/**
 * A function giving the two keyed elements of an event, one per dimension: the (service, level)
 * one with the event, the category one with its summary fields only. Keys are memoised per
 * (service, level) and category, so the key strings, and their hashes, are built once.
 *
 * @example
 * const keys = summaryKeys()
 * keys(event) // [{ key: encodeKey(['service_level', 'cdn', 'ERROR']), value: event }, { key: encodeKey(['category', 'Network Issue']), value: summaryFieldsOf(event) }]
 */
export function summaryKeys(): <T extends SummaryInput>(event: T) => [KV<T>, KV<SummaryInput>] {
  const serviceLevel = new Map<string | null, Map<string, string>>()
  const category = new Map<string | null, string>()
  const serviceLevelKey = (service: string | null, level: string): string => {
    let byLevel = serviceLevel.get(service)
    if (byLevel === undefined) {
      if (serviceLevel.size >= maxMemoised) return encodeKey(['service_level', service, level])
      serviceLevel.set(service, (byLevel = new Map()))
    }
    let key = byLevel.get(level)
    if (key === undefined) byLevel.set(level, (key = encodeKey(['service_level', service, level])))
    return key
  }
  const categoryKey = (name: string | null): string => {
    let key = category.get(name)
    if (key === undefined) {
      key = encodeKey(['category', name])
      if (category.size < maxMemoised) category.set(name, key)
    }
    return key
  }
  return (event) => [
    { key: serviceLevelKey(event.service, event.level), value: event },
    { key: categoryKey(event.category), value: summaryFieldsOf(event) },
  ]
}

/** The fields of an event that the summary reads. */
export function summaryFieldsOf(event: SummaryInput): SummaryInput {
  return {
    event_time: event.event_time,
    incident_id: event.incident_id,
    affected_users: event.affected_users,
    severity_normalized: event.severity_normalized,
    action: event.action,
    lifecycle_stage: event.lifecycle_stage,
    duration_minutes: event.duration_minutes,
    service: event.service,
    level: event.level,
    category: event.category,
  }
}

/** The summary row of one combine result. */
export function toSummaryRow(result: WindowedValue<HourlySummaryStats>): HourlySummaryRow {
  const [dimension, first = null, second = null] = decodeKey(result.key)
  const serviceLevel = dimension === 'service_level'
  return {
    window_start: result.window.start,
    window_end: result.window.end,
    dimension: serviceLevel ? 'service_level' : 'category',
    service: serviceLevel ? first : null,
    level: serviceLevel ? second : null,
    category: serviceLevel ? null : first,
    ...result.value,
    saw_late_input: result.sawLateInput,
  }
}

/**
 * @example
 * const { rows, late } = enriched.apply(hourlySummary({ grace: '5m' }))
 * rows.output('hourly_summary')
 * late.output('late')
 */
export function hourlySummary<T extends SummaryInput>(
  options: HourlySummaryOptions = {},
): (input: Collection<T>) => HourlySummaryOutputs<T> {
  const { grace, name } = { ...defaultHourlySummaryOptions, ...options }
  const graceMs = toMillis(grace, 'grace')
  return (input) => {
    const combined = input
      .windowInto(tumbling(HOUR), { grace: graceMs, name: `${name}/window` })
      .flatMap(`${name}/keys`, summaryKeys())
      .combinePerKey<SummaryInput, HourlySummaryAccumulator, HourlySummaryStats>(
        name,
        hourlySummaryFn,
      )
    return {
      rows: combined.main.map(`${name}/rows`, toSummaryRow),
      // Each event is late under both of its keys: keep the one that carries the whole event.
      late: combined.late
        .filter(`${name}/late-once`, (kv) => kv.key.startsWith(serviceLevelPrefix))
        .map(`${name}/late`, (kv) => kv.value as T),
    }
  }
}
