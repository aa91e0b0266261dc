/**
 * Valid records of the three output contracts for tests: every field set, deterministic from an
 * index, so tests can count and identify rows.
 */

export const baseTime = Date.UTC(2026, 10, 28, 3, 0, 0)

export function enrichedIncident(
  i: number,
  eventTime = baseTime + i * 1_000,
): Record<string, unknown> {
  return {
    event_id: `evt-${i}`,
    event_time: eventTime,
    level: 'ERROR',
    action: 'incident_detected',
    message: `Incident INC-${String(i).padStart(8, '0')} detected on web-server, "quoted", comma`,
    parse_status: 'parsed',
    incident_id: `INC-${String(i).padStart(8, '0')}`,
    service: 'web-server',
    category: i % 2 === 0 ? 'Network Issue' : null,
    severity: 'High',
    system_id: 'SYS-0001',
    affected_users: i,
    duration_minutes: null,
    resolver: null,
    assignee: 'ops',
    escalation_team: null,
    performance_impact_pct: null,
    cpu_pct: 50,
    memory_pct: null,
    disk_pct: null,
    attack_type: null,
    source_ip: null,
    database: null,
    affected_records: null,
    severity_normalized: 'high',
    lifecycle_stage: 'detected',
    is_security: false,
    is_outage: true,
    is_data_loss_risk: false,
    source_partition: 0,
    source_offset: i,
  }
}

export function hourlySummary(i: number, windowStart = baseTime): Record<string, unknown> {
  return {
    window_start: windowStart,
    window_end: windowStart + 3_600_000,
    dimension: 'service_level',
    service: `svc-${i}`,
    level: 'ERROR',
    category: null,
    event_count: 10 + i,
    distinct_incidents: 3,
    affected_users_sum: 100,
    affected_users_max: 40,
    critical_count: 1,
    security_breach_count: 0,
    data_corruption_count: 0,
    duration_count: 2,
    duration_mean: 12.5,
    duration_p50: 10,
    duration_p95: 15,
    duration_max: 15,
    first_event_time: windowStart + 1_000,
    last_event_time: windowStart + 3_000_000,
    saw_late_input: false,
  }
}

export function alert(i: number, windowStart = baseTime): Record<string, unknown> {
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
