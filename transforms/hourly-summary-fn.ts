/**
 * The hourly summary's combiner: counts, distinct incidents, affected users, severity and risk
 * counts, MTTR-proxy duration statistics and first/last event time of the incidents of one hour
 * and one key. Its accumulator is JSON and bounded: incident ids are a `DistinctCount` (exact up
 * to 1,024 incidents, then a HyperLogLog sketch within about 1.6%), and durations an exact
 * histogram (minutes → events), so p50 and p95 are exact, and merging is a sum.
 */
import {
  distinctAdd,
  distinctCount,
  distinctEstimate,
  distinctUnion,
  type CombineFn,
  type DistinctCount,
} from '@incident-pipeline/dataflow'
import type { EnrichedIncident } from './incident-types.ts'

/** The fields of an enriched incident the summary reads. */
export type SummaryInput = Pick<
  EnrichedIncident,
  | 'event_time'
  | 'incident_id'
  | 'affected_users'
  | 'severity_normalized'
  | 'action'
  | 'lifecycle_stage'
  | 'duration_minutes'
  | 'service'
  | 'level'
  | 'category'
>

export interface HourlySummaryAccumulator {
  event_count: number
  incidents: DistinctCount
  affected_users_sum: number
  affected_users_max: number | null
  critical_count: number
  security_breach_count: number
  data_corruption_count: number
  /** Duration in minutes → number of resolved or recovered events with that duration. */
  durations: Record<number, number>
  first_event_time: number | null
  last_event_time: number | null
}

/** The measures of one summary row (everything but the window, the key and the late flag). */
export interface HourlySummaryStats {
  event_count: number
  distinct_incidents: number
  affected_users_sum: number
  affected_users_max: number | null
  critical_count: number
  security_breach_count: number
  data_corruption_count: number
  duration_count: number
  duration_mean: number | null
  duration_p50: number | null
  duration_p95: number | null
  duration_max: number | null
  first_event_time: number
  last_event_time: number
}

const maxOf = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.max(a, b)
const minOf = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.min(a, b)

/** Nearest-rank percentile of a sorted histogram: the smallest value with rank >= ceil(p * n). */
function percentile(
  values: readonly number[],
  counts: Record<number, number>,
  total: number,
  p: number,
): number | null {
  const rank = Math.max(1, Math.ceil(p * total))
  let seen = 0
  for (const value of values) {
    seen += counts[value] ?? 0
    if (seen >= rank) return value
  }
  return null
}

/**
 * @example
 * const acc = hourlySummaryFn.addInput(hourlySummaryFn.createAccumulator(), enriched)
 * hourlySummaryFn.extractOutput(acc).event_count // 1
 */
export const hourlySummaryFn: CombineFn<
  SummaryInput,
  HourlySummaryAccumulator,
  HourlySummaryStats
> = {
  createAccumulator: () => ({
    event_count: 0,
    incidents: distinctCount(),
    affected_users_sum: 0,
    affected_users_max: null,
    critical_count: 0,
    security_breach_count: 0,
    data_corruption_count: 0,
    durations: {},
    first_event_time: null,
    last_event_time: null,
  }),

  addInput(acc, event) {
    acc.event_count++
    if (event.incident_id !== null) acc.incidents = distinctAdd(acc.incidents, event.incident_id)
    if (event.affected_users !== null) {
      acc.affected_users_sum += event.affected_users
      acc.affected_users_max = maxOf(acc.affected_users_max, event.affected_users)
    }
    if (event.severity_normalized === 'critical') acc.critical_count++
    if (event.action === 'security_breach') acc.security_breach_count++
    if (event.action === 'data_corruption') acc.data_corruption_count++
    const stage = event.lifecycle_stage
    if ((stage === 'resolved' || stage === 'recovered') && event.duration_minutes !== null) {
      acc.durations[event.duration_minutes] = (acc.durations[event.duration_minutes] ?? 0) + 1
    }
    acc.first_event_time = minOf(acc.first_event_time, event.event_time)
    acc.last_event_time = maxOf(acc.last_event_time, event.event_time)
    return acc
  },

  mergeAccumulators(accs) {
    const merged = hourlySummaryFn.createAccumulator()
    merged.incidents = distinctUnion(accs.map((acc) => acc.incidents))
    for (const acc of accs) {
      merged.event_count += acc.event_count
      merged.affected_users_sum += acc.affected_users_sum
      merged.affected_users_max = maxOf(merged.affected_users_max, acc.affected_users_max)
      merged.critical_count += acc.critical_count
      merged.security_breach_count += acc.security_breach_count
      merged.data_corruption_count += acc.data_corruption_count
      for (const [minutes, count] of Object.entries(acc.durations)) {
        const key = Number(minutes)
        merged.durations[key] = (merged.durations[key] ?? 0) + count
      }
      merged.first_event_time = minOf(merged.first_event_time, acc.first_event_time)
      merged.last_event_time = maxOf(merged.last_event_time, acc.last_event_time)
    }
    return merged
  },

  extractOutput(acc) {
    const values = Object.keys(acc.durations)
      .map(Number)
      .sort((a, b) => a - b)
    let count = 0
    let sum = 0
    for (const value of values) {
      const n = acc.durations[value] ?? 0
      count += n
      sum += n * value
    }
    return {
      event_count: acc.event_count,
      distinct_incidents: distinctEstimate(acc.incidents),
      affected_users_sum: acc.affected_users_sum,
      affected_users_max: acc.affected_users_max,
      critical_count: acc.critical_count,
      security_breach_count: acc.security_breach_count,
      data_corruption_count: acc.data_corruption_count,
      duration_count: count,
      duration_mean: count === 0 ? null : sum / count,
      duration_p50: percentile(values, acc.durations, count, 0.5),
      duration_p95: percentile(values, acc.durations, count, 0.95),
      duration_max: values.at(-1) ?? null,
      first_event_time: acc.first_event_time ?? 0,
      last_event_time: acc.last_event_time ?? 0,
    }
  },
}
