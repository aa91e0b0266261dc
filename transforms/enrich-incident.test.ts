import { readFileSync } from 'node:fs'
import avro from 'avsc'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createEventGenerator, type EventItem } from '../generator/generate-events.ts'
import { enrichIncident, normalizeSeverity } from './enrich-incident.ts'
import type { LogLevel, ParsedIncident } from './incident-types.ts'
import { parseEventTime } from './parse-event-time.ts'
import { parseIncident } from './parse-incident.ts'

const schema = JSON.parse(
  readFileSync(new URL('../schemas/enriched-incident.avsc', import.meta.url), 'utf8'),
) as { fields: { name: string }[] }
const enrichedType = avro.Type.forSchema(schema as avro.Schema)

const parse = (message: string, level: LogLevel = 'WARNING'): ParsedIncident =>
  parseIncident({ event_id: 'e-1', timestamp: '', level, message, source: 'test' }, 1_000)
const enrich = (message: string, level: LogLevel = 'WARNING') =>
  enrichIncident(parse(message, level), { partition: 3, offset: 77 })

const items = createEventGenerator({ seed: 5, lateFraction: 0.1 })
  .take(20_000)
  .filter((item): item is EventItem => item.kind !== 'poison')
const enrichedItems = items.map((item, i) => ({
  item,
  enriched: enrichIncident(
    parseIncident(item.event, parseEventTime(item.event.timestamp) as number),
    { partition: i % 4, offset: i },
  ),
}))

describe('enrichIncident', () => {
  it('has exactly the fields of enriched-incident.avsc, in schema order', () => {
    const names = schema.fields.map((f) => f.name)
    for (const { enriched } of enrichedItems.slice(0, 100))
      expect(Object.keys(enriched)).toEqual(names)
    expect(Object.keys(enrich('gibberish'))).toEqual(names)
  })

  it('produces valid Avro for every generated event, and for any message', () => {
    const invalid = enrichedItems.filter(({ enriched }) => !enrichedType.isValid(enriched))
    expect(invalid.map(({ enriched }) => enriched.message).slice(0, 3)).toEqual([])
    fc.assert(
      fc.property(
        fc.string(),
        fc.constantFrom<LogLevel>('INFO', 'WARNING', 'ERROR'),
        (message, level) => {
          const enriched = enrich(message, level)
          expect(enrichedType.isValid(enriched)).toBe(true)
          expect(enrichedType.fromBuffer(enrichedType.toBuffer(enriched))).toEqual(enriched)
        },
      ),
      { numRuns: 1000 },
    )
  })

  it('copies the record origin', () => {
    expect(enrich('x')).toMatchObject({ source_partition: 3, source_offset: 77, event_time: 1_000 })
  })

  it.each([
    ['incident_detected', 'detected'],
    ['performance_degradation', 'detected'],
    ['resource_threshold', 'detected'],
    ['critical_incident', 'escalated'],
    ['security_breach', 'escalated'],
    ['data_corruption', 'escalated'],
    ['incident_resolved', 'resolved'],
    ['system_recovered', 'recovered'],
    ['maintenance_completed', 'maintenance'],
  ])('puts %s at stage %s', (action, stage) => {
    const found = enrichedItems.filter(({ item }) => item.key === action)
    expect(found.length).toBeGreaterThan(100)
    expect(new Set(found.map(({ enriched }) => enriched.lifecycle_stage))).toEqual(new Set([stage]))
  })

  it('puts unknown messages at stage unknown', () => {
    expect(enrich('Service: cdn went sideways').lifecycle_stage).toBe('unknown')
  })

  it('sets the flags by action and category', () => {
    for (const { item, enriched } of enrichedItems) {
      const category = item.fields.category
      const settled = item.key === 'system_recovered'
      expect(enriched.is_security).toBe(
        item.key === 'security_breach' || category === 'Security Breach',
      )
      expect(enriched.is_outage).toBe(
        item.key === 'critical_incident' || (category === 'Service Outage' && !settled),
      )
      expect(enriched.is_data_loss_risk).toBe(
        item.key === 'data_corruption' || (category === 'Data Corruption' && !settled),
      )
    }
    expect(enrich('Attack type: DDoS from somewhere').is_security).toBe(true)
    expect(enrich('Outage. Category: Service Outage.').is_outage).toBe(true)
  })
})

describe('normalizeSeverity', () => {
  it('uses the stated severity of a detected incident, lower-cased', () => {
    for (const { item, enriched } of enrichedItems.filter(
      ({ item }) => item.key === 'incident_detected',
    )) {
      expect(enriched.severity_normalized).toBe(item.fields.severity?.toLowerCase())
    }
  })

  it.each([
    [
      'Incident INC-00A1B2C3 detected. Service: cdn. Category: Software Bug. Severity: Urgent. Affected users: 5. Assigned to: ops.team',
      'medium',
    ],
    [
      'CRITICAL incident INC-FFFFFFFF. Service: cdn DOWN. Category: Service Outage. Affected users: 1. Escalated to: DevOps',
      'critical',
    ],
    [
      'SECURITY BREACH detected. Incident: INC-12345678. System: SYS-0001. Attack type: DDoS. Source IP: 8.8.8.8. Immediate action required',
      'critical',
    ],
    [
      'DATA CORRUPTION detected. Incident: INC-9ABCDEF0. System: SYS-0250. Database: logs_db. Records affected: 100. Backup restoration initiated',
      'critical',
    ],
    [
      'Performance degradation detected on cdn. System: SYS-0001. Response time increased by 99%. Investigating...',
      'medium',
    ],
    [
      'Performance degradation detected on cdn. System: SYS-0001. Response time increased by 100%. Investigating...',
      'high',
    ],
    [
      'Resource threshold exceeded on SYS-0001. Service: cdn. CPU: 94%, Memory: 94%, Disk: 94%',
      'medium',
    ],
    [
      'Resource threshold exceeded on SYS-0001. Service: cdn. CPU: 95%, Memory: 80%, Disk: 80%',
      'high',
    ],
    [
      'Resource threshold exceeded on SYS-0001. Service: cdn. CPU: 70%, Memory: 95%, Disk: 80%',
      'high',
    ],
    [
      'Resource threshold exceeded on SYS-0001. Service: cdn. CPU: 70%, Memory: 80%, Disk: 98%',
      'high',
    ],
    [
      'Incident INC-0CD1357F resolved. Service: cdn. Duration: 5 minutes. Affected users: 1. Resolved by: john.doe',
      'info',
    ],
    [
      'System SYS-0001 recovered from Data Corruption. Service: cdn. Recovery time: 5 minutes. Status: Operational',
      'info',
    ],
    [
      'Scheduled maintenance completed for cdn. System: SYS-0001. Duration: 5 minutes. No issues detected',
      'info',
    ],
    ['Something odd. Severity: low', 'low'],
  ])('%s → %s', (message, expected) => {
    expect(enrich(message).severity_normalized).toBe(expected)
  })

  it.each([
    ['ERROR', 'high'],
    ['WARNING', 'medium'],
    ['INFO', 'info'],
  ] as const)('derives unknown %s messages as %s', (level, expected) => {
    expect(normalizeSeverity(parse('something happened', level))).toBe(expected)
  })

  it('gives every generated event a severity', () => {
    const counts = new Map<string, number>()
    for (const { enriched } of enrichedItems) {
      counts.set(enriched.severity_normalized, (counts.get(enriched.severity_normalized) ?? 0) + 1)
    }
    expect([...counts.keys()].sort()).toEqual(['critical', 'high', 'info', 'low', 'medium'])
  })
})
