import { readFileSync } from 'node:fs'
import avro from 'avsc'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseEventTime } from '../transforms/parse-event-time.ts'
import { parseIncident } from '../transforms/parse-incident.ts'
import type { RawIncidentEvent } from '../transforms/incident-types.ts'
import { createPoison, foreignRecordSchema } from './poison.ts'
import { createRandom } from './random.ts'

const eventType = avro.Type.forSchema(
  JSON.parse(readFileSync(new URL('../schemas/incident-log-event.avsc', import.meta.url), 'utf8')),
)
const foreignType = avro.Type.forSchema(foreignRecordSchema as unknown as avro.Schema)
const event: RawIncidentEvent = {
  event_id: '0836272d-cc8f-428b-8265-e93809f451a0',
  timestamp: '2026-11-28T03:00:00.000Z',
  level: 'ERROR',
  message:
    'CRITICAL incident INC-0CD1357F. Service: cdn DOWN. Category: Network Issue. Affected users: 12. Escalated to: DevOps',
  source: 'generator',
}
const options = { oversizedMessageBytes: 1024 * 1024 + 1024 }
const stream = fc.nat({ max: 1_000_000 })

describe('createPoison', () => {
  it('undecodable: neither raw Avro nor Confluent-framed Avro of an event', () => {
    fc.assert(
      fc.property(stream, (s) => {
        const poison = createPoison('undecodable', createRandom(1, s), event, options)
        if (poison.poison !== 'undecodable') throw new Error('wrong kind')
        expect(poison.bytes[0]).not.toBe(0)
        expect(() => eventType.fromBuffer(poison.bytes)).toThrow()
        expect(() => eventType.fromBuffer(poison.bytes.subarray(5))).toThrow()
      }),
    )
  })

  it('bad_timestamp: a valid event whose timestamp the strict parser rejects', () => {
    const seen = new Set<string>()
    fc.assert(
      fc.property(stream, (s) => {
        const poison = createPoison('bad_timestamp', createRandom(2, s), event, options)
        if (poison.poison !== 'bad_timestamp') throw new Error('wrong kind')
        seen.add(poison.event.timestamp)
        expect(parseEventTime(poison.event.timestamp)).toBeUndefined()
        expect(eventType.isValid(poison.event)).toBe(true)
        expect(parseIncident(poison.event, 0).parse_status).toBe('parsed')
      }),
      { numRuns: 300 },
    )
    expect(seen.size).toBe(10)
  })

  it('schema_mismatch: a valid record of another schema that no event reader accepts', () => {
    const poison = createPoison('schema_mismatch', createRandom(3), event, options)
    if (poison.poison !== 'schema_mismatch') throw new Error('wrong kind')
    expect(foreignType.isValid(poison.record)).toBe(true)
    expect(eventType.isValid(poison.record)).toBe(false)
    expect(() => eventType.fromBuffer(foreignType.toBuffer(poison.record))).toThrow()
    expect(() => eventType.createResolver(foreignType)).toThrow()
  })

  it('oversized: a valid event whose message and encoding exceed 1 MiB', () => {
    const poison = createPoison('oversized', createRandom(4), event, options)
    if (poison.poison !== 'oversized') throw new Error('wrong kind')
    expect(poison.event.message.length).toBe(options.oversizedMessageBytes)
    expect(poison.event.message.startsWith(event.message)).toBe(true)
    expect(eventType.toBuffer(poison.event).length).toBeGreaterThan(1024 * 1024)
  })
})
