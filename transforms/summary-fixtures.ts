/**
 * Test support for the hourly summary: summary inputs with defaults, and a naive batch
 * recomputation of the summary rows (plain arrays, Sets and sorting) to check the combiner against.
 */
import type { HourlySummaryRow } from './hourly-summary.ts'
import type { SummaryInput } from './hourly-summary-fn.ts'

export const H3 = Date.UTC(2026, 10, 28, 3)
const HOUR_MS = 3_600_000

/** A summary input at `event_time`, an INFO incident_resolved event unless overridden. */
export function summaryInput(event_time: number, fields: Partial<SummaryInput> = {}): SummaryInput {
  return {
    event_time,
    incident_id: null,
    affected_users: null,
    severity_normalized: 'info',
    action: 'incident_resolved',
    lifecycle_stage: 'resolved',
    duration_minutes: null,
    service: 'web-server',
    level: 'INFO',
    category: null,
    ...fields,
  }
}

const rank = (sorted: number[], p: number): number | null =>
  sorted.length === 0 ? null : (sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1] ?? null)

/** The rows a batch job would compute from all events at once, in (window end, key) order. */
export function batchSummary(
  events: readonly SummaryInput[],
): Omit<HourlySummaryRow, 'saw_late_input'>[] {
  const groups = new Map<
    string,
    {
      row: Pick<HourlySummaryRow, 'dimension' | 'service' | 'level' | 'category'>
      start: number
      events: SummaryInput[]
    }
  >()
  for (const e of events) {
    const start = Math.floor(e.event_time / HOUR_MS) * HOUR_MS
    const dims = [
      { dimension: 'service_level' as const, service: e.service, level: e.level, category: null },
      { dimension: 'category' as const, service: null, level: null, category: e.category },
    ]
    for (const row of dims) {
      const id = JSON.stringify([start, row])
      const group = groups.get(id) ?? { row, start, events: [] }
      group.events.push(e)
      groups.set(id, group)
    }
  }
  return [...groups.values()].map(({ row, start, events: es }) => {
    const users = es.map((e) => e.affected_users).filter((u): u is number => u !== null)
    const durations = es
      .filter(
        (e) =>
          (e.lifecycle_stage === 'resolved' || e.lifecycle_stage === 'recovered') &&
          e.duration_minutes !== null,
      )
      .map((e) => e.duration_minutes ?? 0)
      .sort((a, b) => a - b)
    const times = es.map((e) => e.event_time)
    return {
      window_start: start,
      window_end: start + HOUR_MS,
      ...row,
      event_count: es.length,
      distinct_incidents: new Set(es.map((e) => e.incident_id).filter((id) => id !== null)).size,
      affected_users_sum: users.reduce((a, b) => a + b, 0),
      affected_users_max: users.length === 0 ? null : Math.max(...users),
      critical_count: es.filter((e) => e.severity_normalized === 'critical').length,
      security_breach_count: es.filter((e) => e.action === 'security_breach').length,
      data_corruption_count: es.filter((e) => e.action === 'data_corruption').length,
      duration_count: durations.length,
      duration_mean:
        durations.length === 0 ? null : durations.reduce((a, b) => a + b, 0) / durations.length,
      duration_p50: rank(durations, 0.5),
      duration_p95: rank(durations, 0.95),
      duration_max: durations.at(-1) ?? null,
      first_event_time: Math.min(...times),
      last_event_time: Math.max(...times),
    }
  })
}
