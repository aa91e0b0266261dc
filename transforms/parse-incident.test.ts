import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createEventGenerator, type EventItem } from '../generator/generate-events.ts'
import { fieldPatterns } from './incident-templates.ts'
import type {
  IncidentFieldName,
  IncidentFields,
  LogLevel,
  ParsedIncident,
} from './incident-types.ts'
import { parseEventTime } from './parse-event-time.ts'
import { parseIncident } from './parse-incident.ts'

const fieldNames = Object.keys(fieldPatterns) as IncidentFieldName[]
const noFields = Object.fromEntries(fieldNames.map((f) => [f, null])) as unknown as IncidentFields

const parse = (message: string, level: LogLevel = 'INFO'): ParsedIncident =>
  parseIncident({ event_id: 'e-1', timestamp: '', level, message, source: 'test' }, 42)

const fieldsOf = (incident: ParsedIncident): IncidentFields =>
  Object.fromEntries(fieldNames.map((f) => [f, incident[f]])) as unknown as IncidentFields

describe('parseIncident on the nine templates', () => {
  it.each([
    [
      'incident_resolved',
      'Incident INC-0CD1357F resolved. Service: api-gateway. Duration: 157 minutes. Affected users: 3379. Resolved by: alex.brown',
      {
        incident_id: 'INC-0CD1357F',
        service: 'api-gateway',
        duration_minutes: 157,
        affected_users: 3379,
        resolver: 'alex.brown',
      },
    ],
    [
      'system_recovered',
      'System SYS-0488 recovered from Configuration Error. Service: database. Recovery time: 49 minutes. Status: Operational',
      {
        system_id: 'SYS-0488',
        category: 'Configuration Error',
        service: 'database',
        duration_minutes: 49,
      },
    ],
    [
      'maintenance_completed',
      'Scheduled maintenance completed for monitoring. System: SYS-0063. Duration: 428 minutes. No issues detected',
      { service: 'monitoring', system_id: 'SYS-0063', duration_minutes: 428 },
    ],
    [
      'incident_detected',
      'Incident INC-00A1B2C3 detected. Service: payment-service. Category: Performance Degradation. Severity: High. Affected users: 5000. Assigned to: support.team',
      {
        incident_id: 'INC-00A1B2C3',
        service: 'payment-service',
        category: 'Performance Degradation',
        severity: 'High',
        affected_users: 5000,
        assignee: 'support.team',
      },
    ],
    [
      'performance_degradation',
      'Performance degradation detected on database. System: SYS-0360. Response time increased by 92%. Investigating...',
      { service: 'database', system_id: 'SYS-0360', performance_impact_pct: 92 },
    ],
    [
      'resource_threshold',
      'Resource threshold exceeded on SYS-0500. Service: cache-redis. CPU: 100%, Memory: 75%, Disk: 98%',
      { system_id: 'SYS-0500', service: 'cache-redis', cpu_pct: 100, memory_pct: 75, disk_pct: 98 },
    ],
    [
      'critical_incident',
      'CRITICAL incident INC-FFFFFFFF. Service: cdn DOWN. Category: Service Outage. Affected users: 1. Escalated to: L2-Support',
      {
        incident_id: 'INC-FFFFFFFF',
        service: 'cdn',
        category: 'Service Outage',
        affected_users: 1,
        escalation_team: 'L2-Support',
      },
    ],
    [
      'security_breach',
      'SECURITY BREACH detected. Incident: INC-12345678. System: SYS-0001. Attack type: Man-in-the-Middle. Source IP: 203.119.4.255. Immediate action required',
      {
        incident_id: 'INC-12345678',
        system_id: 'SYS-0001',
        attack_type: 'Man-in-the-Middle',
        source_ip: '203.119.4.255',
      },
    ],
    [
      'data_corruption',
      'DATA CORRUPTION detected. Incident: INC-9ABCDEF0. System: SYS-0250. Database: analytics_db. Records affected: 100000. Backup restoration initiated',
      {
        incident_id: 'INC-9ABCDEF0',
        system_id: 'SYS-0250',
        database: 'analytics_db',
        affected_records: 100000,
      },
    ],
  ] as const)('%s: recovers every field', (action, message, fields) => {
    const incident = parse(message, 'WARNING')
    expect(incident).toEqual({
      event_id: 'e-1',
      event_time: 42,
      level: 'WARNING',
      action,
      message,
      parse_status: 'parsed',
      ...noFields,
      ...fields,
    })
  })
})

describe('parseIncident on generated events', () => {
  const items = createEventGenerator({ seed: 99, lateFraction: 0.05, outOfOrderFraction: 0.1 })
    .take(50_000)
    .filter((item): item is EventItem => item.kind !== 'poison')

  const mismatches = (item: EventItem): string[] => {
    const incident = parseIncident(item.event, parseEventTime(item.event.timestamp) ?? Number.NaN)
    const problems: string[] = []
    if (incident.action !== item.key) problems.push(`action ${incident.action}`)
    if (incident.parse_status !== 'parsed') problems.push(`status ${incident.parse_status}`)
    if (incident.event_time !== item.eventTime) problems.push(`event_time ${incident.event_time}`)
    for (const field of fieldNames) {
      if (incident[field] !== (item.fields[field] ?? null))
        problems.push(`${field} ${incident[field]}`)
    }
    return problems
  }

  it('recovers exactly the fields the generator rendered, for 50k events', () => {
    const failures = items.filter((item) => mismatches(item).length > 0)
    expect(failures.slice(0, 3).map((item) => [item.event.message, mismatches(item)])).toEqual([])
    expect(new Set(items.map((item) => item.key)).size).toBe(9)
  })

  it('recovers exactly the fields for any seed and index', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffff_ffff }), fc.nat({ max: 2 ** 40 }), (seed, startIndex) => {
        const [item] = createEventGenerator({ seed, startIndex }).take(1)
        if (item?.kind !== 'valid') throw new Error('expected a valid item')
        expect(mismatches(item)).toEqual([])
      }),
      { numRuns: 2000 },
    )
  })
})

describe('parseIncident on messages of unknown shape', () => {
  it('recovers fields by label and ids anywhere, flagged partial', () => {
    const incident = parse(
      'Disk failure on SYS-0042 for INC-ABCDEF12; Service: file-storage. Severity: Low. Resolved by: jane.smith.',
      'ERROR',
    )
    expect(incident.action).toBe('unknown')
    expect(incident.parse_status).toBe('partial')
    expect(fieldsOf(incident)).toEqual({
      ...noFields,
      system_id: 'SYS-0042',
      incident_id: 'INC-ABCDEF12',
      service: 'file-storage',
      severity: 'Low',
      resolver: 'jane.smith',
    })
  })

  it('keeps what it can of a truncated template message', () => {
    const incident = parse('CRITICAL incident INC-0000ABCD. Service: cdn DOWN. Category: Netw')
    expect(incident.action).toBe('unknown')
    expect(incident.parse_status).toBe('partial')
    expect(fieldsOf(incident)).toEqual({
      ...noFields,
      incident_id: 'INC-0000ABCD',
      service: 'cdn',
      category: 'Netw',
    })
  })

  it.each([
    [
      'a malformed id',
      'Incident INC-123 resolved. Service: cdn. Duration: 5 minutes. Affected users: 1. Resolved by: x',
    ],
    [
      'another verb',
      'Incident INC-0CD1357F escalated. Service: cdn. Duration: 5 minutes. Affected users: 1. Resolved by: x',
    ],
    [
      'a trailing space',
      'Resource threshold exceeded on SYS-0001. Service: cdn. CPU: 90%, Memory: 80%, Disk: 85% ',
    ],
    [
      'a lower-case start',
      'critical incident INC-FFFFFFFF. Service: cdn DOWN. Category: Service Outage. Affected users: 1. Escalated to: DevOps',
    ],
  ])('does not take a template with %s as parsed', (_, message) => {
    const incident = parse(message)
    expect(incident.action).toBe('unknown')
    expect(incident.parse_status).toBe('partial')
    expect(incident.service).toBe('cdn')
  })

  it('parses a template with values outside the pools', () => {
    const incident = parse(
      'Performance degradation detected on billing-v2. System: SYS-9999. Response time increased by 1500%. Investigating...',
    )
    expect(incident.parse_status).toBe('parsed')
    expect(incident.service).toBe('billing-v2')
    expect(incident.performance_impact_pct).toBe(1500)
  })

  it('never reads a number too large for an Avro int', () => {
    const incident = parse('Batch job failed. Records affected: 12345678901. Affected users: 7')
    expect(incident.affected_records).toBeNull()
    expect(incident.affected_users).toBe(7)
  })

  it.each(['', 'hello world', 'INC-GGGGGGGG', 'SYS-12345', 'Service:', '\u0000\uffff'])(
    'flags %j as unknown with no fields',
    (message) => {
      const incident = parse(message)
      expect(incident).toMatchObject({ action: 'unknown', parse_status: 'unknown', message })
      expect(fieldsOf(incident)).toEqual(noFields)
    },
  )

  it('never throws, and only produces typed fields', () => {
    const templateLike = fc
      .array(
        fc.oneof(
          fc.constantFrom(
            'Incident ',
            'INC-0CD1357F',
            ' resolved. ',
            'Service: ',
            'cdn',
            '. ',
            'SYS-0001',
            'Duration: ',
            '42',
            ' minutes',
            'CPU: ',
            '%, ',
            'Source IP: ',
            '10.0.0.1',
          ),
          fc.string({ maxLength: 6 }),
        ),
        { maxLength: 20 },
      )
      .map((parts) => parts.join(''))
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), templateLike),
        (message) => {
          const incident = parse(message)
          expect(['parsed', 'partial', 'unknown']).toContain(incident.parse_status)
          for (const field of fieldNames) {
            const value = incident[field]
            if (typeof value === 'number')
              expect(Number.isInteger(value) && value < 2 ** 31).toBe(true)
            else if (value !== null) expect(message).toContain(value)
          }
        },
      ),
      { numRuns: 5000 },
    )
  })

  it('stays linear on long adversarial messages', () => {
    const long = [
      'Incident INC-0CD1357F resolved. Service: ' + 'a'.repeat(200_000),
      'System SYS-0001 recovered from ' + 'a '.repeat(100_000),
      'Category: ' + 'a-'.repeat(100_000) + '.',
      'Resolved by: ' + 'a.'.repeat(100_000),
      'Source IP: ' + '1.'.repeat(100_000),
      'INC-0CD1357F'.repeat(20_000),
    ]
    const start = performance.now()
    for (const message of long) parse(message)
    expect(performance.now() - start).toBeLessThan(500)
  })
})
