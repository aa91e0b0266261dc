import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  assignees,
  attackTypes,
  categories,
  databases,
  escalationTeams,
  fieldRanges,
  incidentTemplates,
  resolvers,
  services,
  severities,
  templateFieldNames,
} from '../transforms/incident-templates.ts'
import type { IncidentFieldName } from '../transforms/incident-types.ts'
import { createRandom } from './random.ts'
import { isPublicIPv4, randomPublicIPv4, sampleMessage, type SampledMessage } from './templates.ts'

const n = 50_000
// One stream per message, as the event generator draws them.
const samples: SampledMessage[] = Array.from({ length: n }, (_, i) =>
  sampleMessage(createRandom(11, i)),
)

const valuesOf = (field: IncidentFieldName): (string | number)[] =>
  samples.flatMap((s) =>
    s.fields[field] === undefined ? [] : [s.fields[field] as string | number],
  )

const share = (predicate: (s: SampledMessage) => boolean): number =>
  samples.filter(predicate).length / n

/** Chi-square statistic of observed counts against a uniform distribution over `pool`. */
function chiSquare(values: readonly (string | number)[], pool: readonly string[]): number {
  const counts = new Map(pool.map((v) => [v, 0]))
  for (const v of values) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1)
  const expected = values.length / pool.length
  return [...counts.values()].reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0)
}

describe('sampleMessage', () => {
  it('picks level groups by weight: INFO 60%, WARNING 30%, ERROR 10%', () => {
    expect(share((s) => s.template.level === 'INFO')).toBeCloseTo(0.6, 2)
    expect(Math.abs(share((s) => s.template.level === 'WARNING') - 0.3)).toBeLessThan(0.01)
    expect(Math.abs(share((s) => s.template.level === 'ERROR') - 0.1)).toBeLessThan(0.006)
  })

  it('picks templates uniformly within a level group', () => {
    const groupShare = { INFO: 0.6, WARNING: 0.3, ERROR: 0.1 }
    for (const template of incidentTemplates) {
      const observed = share((s) => s.template.action === template.action)
      expect(Math.abs(observed - groupShare[template.level] / 3), template.action).toBeLessThan(
        0.008,
      )
    }
  })

  it('fills exactly the fields of the template and renders them', () => {
    for (const { template, fields, message } of samples.slice(0, 2000)) {
      expect(Object.keys(fields)).toEqual(templateFieldNames(template))
      for (const value of Object.values(fields)) expect(message).toContain(String(value))
    }
  })

  it.each([
    ['service', services, 36.1],
    ['severity', severities, 16.3],
    ['category', categories, 24.3],
    ['attack_type', attackTypes, 22.5],
    ['escalation_team', escalationTeams, 20.5],
    ['resolver', resolvers, 20.5],
    ['assignee', assignees, 18.5],
    ['database', databases, 20.5],
  ] as const)('draws %s uniformly from its pool', (field, pool, critical) => {
    const values = valuesOf(field)
    expect(values.length).toBeGreaterThan(1000)
    expect(new Set(values)).toEqual(new Set(pool))
    // Critical value of chi-square at p = 0.999 for pool.length - 1 degrees of freedom.
    expect(chiSquare(values, pool)).toBeLessThan(critical)
  })

  it.each([
    ['affected_users', fieldRanges.affected_users],
    ['duration_minutes', fieldRanges.duration_minutes],
    ['performance_impact_pct', fieldRanges.performance_impact_pct],
    ['cpu_pct', fieldRanges.cpu_pct],
    ['memory_pct', fieldRanges.memory_pct],
    ['disk_pct', fieldRanges.disk_pct],
    ['affected_records', fieldRanges.affected_records],
  ] as const)('draws %s uniformly from its range', (field, [min, max]) => {
    const values = valuesOf(field) as number[]
    expect(values.every((v) => Number.isInteger(v) && v >= min && v <= max)).toBe(true)
    const span = max - min
    expect(Math.min(...values)).toBeLessThanOrEqual(min + span * 0.01)
    expect(Math.max(...values)).toBeGreaterThanOrEqual(max - span * 0.01)
    const mean = values.reduce((a, b) => a + b, 0) / values.length
    expect(Math.abs(mean - (min + max) / 2)).toBeLessThan(span * 0.02)
  })

  it('draws incident ids as INC- and 8 upper-case hex digits', () => {
    const ids = valuesOf('incident_id') as string[]
    expect(ids.every((id) => /^INC-[0-9A-F]{8}$/.test(id))).toBe(true)
    expect(new Set(ids.map((id) => id[4])).size).toBe(16)
  })

  it('draws system ids from SYS-0001 to SYS-0500, all of them', () => {
    const ids = valuesOf('system_id') as string[]
    expect(ids.every((id) => /^SYS-\d{4}$/.test(id))).toBe(true)
    const numbers = new Set(ids.map((id) => Number(id.slice(4))))
    expect(numbers.size).toBe(500)
    expect(Math.min(...numbers)).toBe(fieldRanges.system_number[0])
    expect(Math.max(...numbers)).toBe(fieldRanges.system_number[1])
  })

  it('draws public source IPs', () => {
    const ips = valuesOf('source_ip') as string[]
    expect(ips.length).toBeGreaterThan(1000)
    expect(ips.every(isPublicIPv4)).toBe(true)
  })
})

describe('isPublicIPv4', () => {
  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '9.255.255.255',
    '11.0.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '192.167.255.255',
    '192.169.0.0',
    '198.17.255.255',
    '198.20.0.0',
    '223.255.255.255',
  ])('accepts %s', (ip) => expect(isPublicIPv4(ip)).toBe(true))

  it.each([
    '0.1.2.3',
    '10.0.0.0',
    '10.255.255.255',
    '100.64.0.0',
    '100.127.255.255',
    '127.0.0.1',
    '169.254.10.1',
    '172.16.0.0',
    '172.31.255.255',
    '192.0.0.8',
    '192.0.2.1',
    '192.88.99.1',
    '192.168.1.1',
    '198.18.0.1',
    '198.19.255.255',
    '198.51.100.7',
    '203.0.113.5',
    '224.0.0.1',
    '239.255.255.255',
    '240.0.0.1',
    '255.255.255.255',
    '256.1.1.1',
    '1.2.3',
    '01.2.3.4',
    '1.2.3.4.5',
    '',
  ])('rejects %s', (ip) => expect(isPublicIPv4(ip)).toBe(false))
})

describe('randomPublicIPv4', () => {
  it('always returns a dotted quad that is public', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffff_ffff }), fc.nat(), (seed, stream) => {
        const ip = randomPublicIPv4(createRandom(seed, stream))
        expect(ip).toMatch(
          /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/,
        )
        expect(isPublicIPv4(ip)).toBe(true)
      }),
    )
  })
})
