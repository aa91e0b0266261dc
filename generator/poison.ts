/**
 * Poison messages: inputs the topology must dead-letter rather than crash on or drop silently.
 * Each kind fails a different stage of decoding. `undecodable` bytes are neither Confluent-framed
 * Avro nor raw Avro of an incident event; `bad_timestamp` is a valid event whose timestamp text is
 * not a strict ISO-8601 UTC time; `schema_mismatch` is a record of another Avro schema (encoded by
 * the CLI, framed with that schema's id); `oversized` is a valid event whose message exceeds 1 MiB.
 */
import type { RawIncidentEvent } from '../transforms/incident-types.ts'
import type { Random } from './random.ts'

export const poisonKinds = [
  'undecodable',
  'bad_timestamp',
  'schema_mismatch',
  'oversized',
] as const satisfies readonly string[]

export type PoisonKind = (typeof poisonKinds)[number]

/** Avro schema of the foreign record sent as `schema_mismatch` poison. */
export const foreignRecordSchema = {
  type: 'record',
  name: 'ServiceHeartbeat',
  namespace: 'dev.incidents.v1.poison',
  doc: 'A record of an unrelated schema, sent to the incident topic to test dead-lettering.',
  fields: [
    { name: 'host', type: 'string' },
    { name: 'uptime_ms', type: 'long' },
    { name: 'healthy', type: 'boolean' },
  ],
} as const

export interface ForeignRecord {
  host: string
  /** At least 2^20, so that raw bytes read as an incident event claim an over-long timestamp. */
  uptime_ms: number
  healthy: boolean
}

export type PoisonPayload =
  | { poison: 'undecodable'; bytes: Buffer }
  | { poison: 'bad_timestamp'; event: RawIncidentEvent }
  | { poison: 'schema_mismatch'; schema: typeof foreignRecordSchema; record: ForeignRecord }
  | { poison: 'oversized'; event: RawIncidentEvent }

/** Timestamp texts a strict ISO-8601 UTC parser must reject, derived from a valid one. */
const badTimestamps: readonly ((iso: string) => string)[] = [
  () => 'not-a-timestamp',
  () => '',
  (iso) => iso.replace('T', ' ').slice(0, 19),
  (iso) => iso.slice(0, -1),
  (iso) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 19)}`,
  (iso) => String(Date.parse(iso)),
  (iso) => new Date(Date.parse(iso)).toUTCString(),
  (iso) => `${iso.slice(0, 5)}13${iso.slice(7)}`,
  (iso) => `${iso.slice(0, 4)}-02-30${iso.slice(10)}`,
  (iso) => `${iso.slice(0, 11)}25${iso.slice(13)}`,
]

// A varint string length of 2^20: whether a reader strips a 5-byte Confluent header or not, the
// first string it reads claims more bytes than the message has, and a 0x80 byte is never the
// Confluent magic byte 0.
const hugeLength = [0x80, 0x80, 0x80, 0x01]

function undecodableBytes(random: Random): Buffer {
  const length = random.int(24, 256)
  const bytes = Buffer.alloc(length)
  for (let i = 0; i < length; i++) bytes[i] = random.int(0, 255)
  bytes.set(hugeLength, 0)
  bytes.set(hugeLength, 5)
  return bytes
}

/**
 * Builds the payload of one poison kind, from the well-formed event the item would have been.
 *
 * @example
 * const payload = createPoison('bad_timestamp', createRandom(1), event, { oversizedMessageBytes: 2 ** 20 + 1 })
 */
export function createPoison(
  kind: PoisonKind,
  random: Random,
  event: RawIncidentEvent,
  options: { oversizedMessageBytes: number },
): PoisonPayload {
  switch (kind) {
    case 'undecodable':
      return { poison: kind, bytes: undecodableBytes(random) }
    case 'bad_timestamp':
      return {
        poison: kind,
        event: { ...event, timestamp: random.pick(badTimestamps)(event.timestamp) },
      }
    case 'schema_mismatch': {
      const record = {
        host: event.source,
        uptime_ms: random.int(2 ** 20, 2 ** 40),
        healthy: random.next() < 0.5,
      }
      return { poison: kind, schema: foreignRecordSchema, record }
    }
    case 'oversized': {
      const size = options.oversizedMessageBytes
      const message = `${event.message} `.repeat(Math.ceil(size / (event.message.length + 1)))
      return { poison: kind, event: { ...event, message: message.slice(0, size) } }
    }
  }
}
