/**
 * The event generator's pure core. Event `i` of a run is a pure function of the options and `i`:
 * each index gets its own seeded random stream, so a run is reproducible from its seed, can resume
 * at any index, and never repeats an event id. Besides valid events it mixes in late events (far
 * behind the current event time), out-of-order events (a little behind) and poison messages the
 * topology must dead-letter; each item says which it is, and valid and late items carry the field
 * values their message was rendered from. Encoding to Avro and producing to Kafka is the CLI's job.
 */
import type {
  IncidentAction,
  IncidentFields,
  RawIncidentEvent,
} from '../transforms/incident-types.ts'
import { createPoison, poisonKinds, type PoisonKind, type PoisonPayload } from './poison.ts'
import { createRandom, type Random } from './random.ts'
import { sampleMessage } from './templates.ts'

export interface EventGeneratorOptions {
  /** uint32 seed of the run. */
  seed: number
  /** Index of the first item, to resume a run without repeating ids. */
  startIndex: number
  /** Event time of item 0, epoch ms. Item `i` is nominally at `startTime + i * 1000 / eventsPerSecond`. */
  startTime: number
  /** Event-time spacing of the nominal times. */
  eventsPerSecond: number
  /** When set, the nominal time of each item is `clock()` at the time it is generated. */
  clock: (() => number) | undefined
  /** Share of items whose event time is `lateByMs` behind the nominal time. */
  lateFraction: number
  /** Share of items whose event time is up to `maxOutOfOrderMs` behind the nominal time. */
  outOfOrderFraction: number
  /** Share of items that are poison messages. */
  poisonFraction: number
  /** Poison kinds to draw from, uniformly. */
  poisonKinds: readonly PoisonKind[]
  /** Inclusive range of how far behind a late event is, ms. */
  lateByMs: readonly [number, number]
  /** How far behind an out-of-order event can be, ms (at least 1 ms). */
  maxOutOfOrderMs: number
  /** Message length of an `oversized` poison message, bytes. */
  oversizedMessageBytes: number
  /** `source` field of the events. */
  source: string
}

export const defaultEventGeneratorOptions = {
  seed: 1,
  startIndex: 0,
  startTime: Date.UTC(2026, 10, 28, 3),
  eventsPerSecond: 10,
  clock: undefined,
  lateFraction: 0,
  outOfOrderFraction: 0,
  poisonFraction: 0,
  poisonKinds,
  lateByMs: [2 * 3_600_000, 3 * 3_600_000],
  maxOutOfOrderMs: 3 * 60_000,
  oversizedMessageBytes: 1024 * 1024 + 1024,
  source: 'generator',
} satisfies EventGeneratorOptions

interface ItemBase {
  /** Index of the item in the run. */
  index: number
  /** Kafka key: the template's action. */
  key: IncidentAction
  /** Event id of the item (for poison, the id its event would have had). */
  eventId: string
  /** The nominal event time the item was generated at, epoch ms. */
  nominalTime: number
}

/** A well-formed event; `late` ones are behind any reasonable grace period. */
export interface EventItem extends ItemBase {
  kind: 'valid' | 'late'
  event: RawIncidentEvent
  /** Event time of `event`, epoch ms. */
  eventTime: number
  /** True for a valid event deliberately placed a little behind the nominal time. */
  outOfOrder: boolean
  /** Exactly the fields the message was rendered from. */
  fields: Partial<IncidentFields>
}

/** A message the topology must dead-letter. */
export type PoisonItem = ItemBase & { kind: 'poison' } & PoisonPayload

export type GeneratedItem = EventItem | PoisonItem

/** A stateful cursor over a run's items. */
export interface EventGenerator extends Iterable<GeneratedItem> {
  /** Index of the item the next call to `next()` returns. */
  readonly index: number
  next(): GeneratedItem
  take(count: number): GeneratedItem[]
}

const fraction = (name: string, value: number): void => {
  if (!(value >= 0 && value <= 1)) throw new Error(`invalid ${name}: ${value}`)
}

function validate(o: EventGeneratorOptions): void {
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffff_ffff) {
    throw new Error(`invalid seed: ${o.seed}`)
  }
  if (!Number.isSafeInteger(o.startIndex) || o.startIndex < 0) {
    throw new Error(`invalid startIndex: ${o.startIndex}`)
  }
  if (!Number.isSafeInteger(o.startTime)) throw new Error(`invalid startTime: ${o.startTime}`)
  if (!(o.eventsPerSecond > 0 && Number.isFinite(o.eventsPerSecond))) {
    throw new Error(`invalid eventsPerSecond: ${o.eventsPerSecond}`)
  }
  fraction('lateFraction', o.lateFraction)
  fraction('outOfOrderFraction', o.outOfOrderFraction)
  fraction('poisonFraction', o.poisonFraction)
  const total = o.lateFraction + o.outOfOrderFraction + o.poisonFraction
  if (total > 1) throw new Error(`invalid fractions: late + outOfOrder + poison = ${total} > 1`)
  const [minLate, maxLate] = o.lateByMs
  if (!(Number.isSafeInteger(minLate) && Number.isSafeInteger(maxLate) && minLate >= 0)) {
    throw new Error(`invalid lateByMs: [${o.lateByMs.join(', ')}]`)
  }
  if (minLate > maxLate) throw new Error(`invalid lateByMs: [${o.lateByMs.join(', ')}]`)
  if (!(Number.isSafeInteger(o.maxOutOfOrderMs) && o.maxOutOfOrderMs >= 1)) {
    throw new Error(`invalid maxOutOfOrderMs: ${o.maxOutOfOrderMs}`)
  }
  for (const kind of o.poisonKinds) {
    if (!poisonKinds.includes(kind)) throw new Error(`invalid poison kind: ${kind}`)
  }
  if (o.poisonFraction > 0 && o.poisonKinds.length === 0) {
    throw new Error('invalid poisonKinds: empty while poisonFraction > 0')
  }
  if (!(Number.isSafeInteger(o.oversizedMessageBytes) && o.oversizedMessageBytes > 0)) {
    throw new Error(`invalid oversizedMessageBytes: ${o.oversizedMessageBytes}`)
  }
}

const byteHex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
const hex16 = (v: number): string => (byteHex[(v >>> 8) & 255] as string) + byteHex[v & 255]
const hex32 = (v: number): string => hex16(v >>> 16) + hex16(v)

/**
 * A random (version 4, RFC 9562) UUID drawn from `random`.
 *
 * @example
 * randomUuid(createRandom(1)) // e.g. '0836272d-cc8f-428b-8265-e93809f451a0'
 */
export function randomUuid(random: Random): string {
  const a = random.uint32()
  const b = random.uint32()
  const c = random.uint32()
  const d = random.uint32()
  return (
    `${hex32(a)}-${hex16(b >>> 16)}-${hex16(0x4000 | (b & 0x0fff))}-` +
    `${hex16(0x8000 | ((c >>> 16) & 0x3fff))}-${hex16(c)}${hex32(d)}`
  )
}

/**
 * Generates item `index` of a run whose nominal event time at that item is `nominalTime`. Pure:
 * the same arguments always give the same item.
 *
 * @example
 * const item = generateItem(defaultEventGeneratorOptions, 0, Date.UTC(2026, 10, 28, 3))
 * if (item.kind === 'valid') console.log(item.key, item.event.message)
 */
export function generateItem(
  options: EventGeneratorOptions,
  index: number,
  nominalTime: number,
): GeneratedItem {
  const random = createRandom(options.seed, index)
  const roll = random.next()
  const { template, fields, message } = sampleMessage(random)
  const base = { index, key: template.action, eventId: randomUuid(random), nominalTime }
  const event = (eventTime: number): RawIncidentEvent => ({
    event_id: base.eventId,
    timestamp: new Date(eventTime).toISOString(),
    level: template.level,
    message,
    source: options.source,
  })

  let threshold = options.poisonFraction
  if (roll < threshold) {
    const kind = random.pick(options.poisonKinds)
    return { ...base, kind: 'poison', ...createPoison(kind, random, event(nominalTime), options) }
  }
  threshold += options.lateFraction
  if (roll < threshold) {
    const eventTime = nominalTime - random.int(options.lateByMs[0], options.lateByMs[1])
    return { ...base, kind: 'late', event: event(eventTime), eventTime, outOfOrder: false, fields }
  }
  threshold += options.outOfOrderFraction
  const outOfOrder = roll < threshold
  const eventTime = outOfOrder ? nominalTime - random.int(1, options.maxOutOfOrderMs) : nominalTime
  return { ...base, kind: 'valid', event: event(eventTime), eventTime, outOfOrder, fields }
}

/**
 * Creates a generator of a run's items, starting at `startIndex`.
 *
 * @example
 * const generator = createEventGenerator({ seed: 7, eventsPerSecond: 100, poisonFraction: 0.01 })
 * for (const item of generator.take(1000)) send(item)
 */
export function createEventGenerator(options: Partial<EventGeneratorOptions> = {}): EventGenerator {
  const resolved: EventGeneratorOptions = { ...defaultEventGeneratorOptions, ...options }
  validate(resolved)
  const { clock, startTime, eventsPerSecond } = resolved
  let index = resolved.startIndex
  const next = (): GeneratedItem => {
    const nominalTime = clock ? clock() : startTime + Math.floor((index * 1000) / eventsPerSecond)
    return generateItem(resolved, index++, nominalTime)
  }
  return {
    get index() {
      return index
    },
    next,
    take(count: number): GeneratedItem[] {
      if (!(Number.isSafeInteger(count) && count >= 0)) throw new Error(`invalid count: ${count}`)
      return Array.from({ length: count }, next)
    },
    *[Symbol.iterator]() {
      for (;;) yield next()
    },
  }
}
