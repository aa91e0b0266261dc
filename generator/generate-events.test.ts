import { readFileSync } from 'node:fs'
import avro from 'avsc'
import { describe, expect, it } from 'vitest'
import { incidentTemplates } from '../transforms/incident-templates.ts'
import { parseEventTime } from '../transforms/parse-event-time.ts'
import {
  createEventGenerator,
  defaultEventGeneratorOptions,
  generateItem,
  type EventItem,
  type GeneratedItem,
} from './generate-events.ts'

const eventType = avro.Type.forSchema(
  JSON.parse(readFileSync(new URL('../schemas/incident-log-event.avsc', import.meta.url), 'utf8')),
)
const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const hour = 3_600_000
const isEvent = (item: GeneratedItem): item is EventItem => item.kind !== 'poison'

const mixed = {
  seed: 21,
  lateFraction: 0.1,
  outOfOrderFraction: 0.2,
  poisonFraction: 0.05,
  // Keep the oversized poison small here; its real size is tested in poison.test.ts.
  oversizedMessageBytes: 2048,
}
const n = 50_000
const items = createEventGenerator(mixed).take(n)
const share = (predicate: (item: GeneratedItem) => boolean): number =>
  items.filter(predicate).length / n

describe('createEventGenerator', () => {
  it('is deterministic by seed', () => {
    expect(createEventGenerator(mixed).take(500)).toEqual(items.slice(0, 500))
    const other = createEventGenerator({ ...mixed, seed: 22 }).take(500)
    expect(other.map((i) => i.eventId)).not.toEqual(items.slice(0, 500).map((i) => i.eventId))
  })

  it('resumes at startIndex with the same items', () => {
    const resumed = createEventGenerator({ ...mixed, startIndex: 1000 })
    expect(resumed.index).toBe(1000)
    expect(resumed.take(200)).toEqual(items.slice(1000, 1200))
    expect(resumed.index).toBe(1200)
  })

  it('iterates the same items as take', () => {
    const seen: GeneratedItem[] = []
    for (const item of createEventGenerator(mixed)) {
      seen.push(item)
      if (seen.length === 100) break
    }
    expect(seen).toEqual(items.slice(0, 100))
  })

  it('gives every item a unique UUID v4 event id', () => {
    const ids = items.map((i) => i.eventId)
    expect(ids.every((id) => uuidV4.test(id))).toBe(true)
    expect(new Set(ids).size).toBe(n)
    for (const item of items.filter(isEvent)) expect(item.event.event_id).toBe(item.eventId)
  })

  it('respects the late, out-of-order and poison fractions', () => {
    expect(Math.abs(share((i) => i.kind === 'poison') - 0.05)).toBeLessThan(0.005)
    expect(Math.abs(share((i) => i.kind === 'late') - 0.1)).toBeLessThan(0.006)
    expect(Math.abs(share((i) => i.kind === 'valid' && i.outOfOrder) - 0.2)).toBeLessThan(0.008)
    const poison = items.filter((i) => i.kind === 'poison')
    for (const kind of defaultEventGeneratorOptions.poisonKinds) {
      const kindShare = poison.filter((p) => p.poison === kind).length / poison.length
      expect(Math.abs(kindShare - 0.25), kind).toBeLessThan(0.04)
    }
  })

  it('spaces nominal times by eventsPerSecond and stamps in-order events with them', () => {
    const start = defaultEventGeneratorOptions.startTime
    expect(items.filter((item, i) => item.nominalTime !== start + i * 100)).toEqual([])
    const events = items.filter(isEvent)
    const wrong = events.filter(
      (item) =>
        item.event.timestamp !== new Date(item.eventTime).toISOString() ||
        parseEventTime(item.event.timestamp) !== item.eventTime ||
        (item.kind === 'valid' && !item.outOfOrder && item.eventTime !== item.nominalTime),
    )
    expect(wrong).toEqual([])
  })

  it('puts late events 2 to 3 hours behind, out-of-order ones at most 3 minutes behind', () => {
    for (const item of items.filter(isEvent)) {
      const behind = item.nominalTime - item.eventTime
      if (item.kind === 'late') {
        expect(behind).toBeGreaterThanOrEqual(2 * hour)
        expect(behind).toBeLessThanOrEqual(3 * hour)
      } else if (item.outOfOrder) {
        expect(behind).toBeGreaterThanOrEqual(1)
        expect(behind).toBeLessThanOrEqual(3 * 60_000)
      }
    }
  })

  it('produces events that are valid Avro and survive a round trip', () => {
    for (const item of items.filter(isEvent).slice(0, 5000)) {
      expect(eventType.isValid(item.event)).toBe(true)
      expect(eventType.fromBuffer(eventType.toBuffer(item.event))).toEqual(item.event)
      expect(incidentTemplates.find((t) => t.action === item.key)?.level).toBe(item.event.level)
      expect(item.event.source).toBe('generator')
    }
  })

  it('takes nominal times from the clock when one is given', () => {
    let now = 1_000_000
    const generator = createEventGenerator({ seed: 1, clock: () => (now += 7) })
    expect(generator.take(3).map((i) => i.nominalTime)).toEqual([1_000_007, 1_000_014, 1_000_021])
  })

  it('generates item i as a pure function of the options and i', () => {
    const options = { ...defaultEventGeneratorOptions, ...mixed }
    const item = items[123] as GeneratedItem
    expect(generateItem(options, 123, item.nominalTime)).toEqual(item)
  })

  it.each([
    [{ seed: -1 }, 'invalid seed: -1'],
    [{ seed: 2 ** 32 }, 'invalid seed: 4294967296'],
    [{ startIndex: -3 }, 'invalid startIndex: -3'],
    [{ startTime: Number.NaN }, 'invalid startTime: NaN'],
    [{ eventsPerSecond: 0 }, 'invalid eventsPerSecond: 0'],
    [{ lateFraction: 1.5 }, 'invalid lateFraction: 1.5'],
    [{ outOfOrderFraction: -0.1 }, 'invalid outOfOrderFraction: -0.1'],
    [{ poisonFraction: Number.NaN }, 'invalid poisonFraction: NaN'],
    [
      { lateFraction: 0.6, poisonFraction: 0.6 },
      'invalid fractions: late + outOfOrder + poison = 1.2 > 1',
    ],
    [{ lateByMs: [5, 1] as const }, 'invalid lateByMs: [5, 1]'],
    [{ lateByMs: [-1, 1] as const }, 'invalid lateByMs: [-1, 1]'],
    [{ maxOutOfOrderMs: 0 }, 'invalid maxOutOfOrderMs: 0'],
    [{ poisonKinds: ['nope' as 'oversized'] }, 'invalid poison kind: nope'],
    [
      { poisonFraction: 0.1, poisonKinds: [] },
      'invalid poisonKinds: empty while poisonFraction > 0',
    ],
    [{ oversizedMessageBytes: 0 }, 'invalid oversizedMessageBytes: 0'],
  ])('rejects %o', (options, message) => {
    expect(() => createEventGenerator(options)).toThrow(message)
  })

  it('rejects a bad count', () => {
    expect(() => createEventGenerator().take(-1)).toThrow('invalid count: -1')
  })
})
