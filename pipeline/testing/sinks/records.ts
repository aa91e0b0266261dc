/**
 * Valid records of the three test contracts (test-tables.ts): deterministic from an index, so
 * tests can count and identify rows.
 */

export const baseTime = Date.UTC(2026, 10, 28, 3, 0, 0)

export function eventRecord(i: number, eventTime = baseTime + i * 1_000): Record<string, unknown> {
  return {
    event_id: `evt-${i}`,
    event_time: eventTime,
    level: 'ERROR',
    message: `Incident INC-${String(i).padStart(8, '0')} detected on web-server, "quoted", comma`,
    incident_id: `INC-${String(i).padStart(8, '0')}`,
    service: 'web-server',
    category: i % 2 === 0 ? 'Network Issue' : null,
    affected_users: i,
    cpu_pct: 50,
    is_outage: true,
    source_partition: 0,
    source_offset: i,
  }
}

export function summaryRecord(i: number, windowStart = baseTime): Record<string, unknown> {
  return {
    window_start: windowStart,
    window_end: windowStart + 3_600_000,
    service: `svc-${i}`,
    category: null,
    event_count: 10 + i,
    duration_mean: 12.5,
    saw_late_input: false,
  }
}

export function alertRecord(i: number, windowStart = baseTime): Record<string, unknown> {
  return {
    alert_id: `alert-${i}`,
    rule: 'errors-per-service',
    rule_kind: 'threshold',
    key: 'web-server',
    window_start: windowStart,
    window_end: windowStart + 300_000,
    count: 12,
    threshold: 10,
    sample_event_ids: [`evt-${i}`, 'evt-"x"'],
    fired_at: windowStart + 300_000,
  }
}
