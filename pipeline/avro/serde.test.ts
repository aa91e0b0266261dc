import avro from 'avsc'
import { describe, expect, it } from 'vitest'
import { DecodeError, RegistryError } from './errors.ts'
import type { RegistryClient } from './registry-client.ts'
import { createSerde, frame, wireSchemaId } from './serde.ts'

/** An in-process registry client: the wire format is pure, the real registry is in *.int tests. */
function memoryRegistry(): RegistryClient & { lookups: number } {
  const byId = new Map<number, string>()
  const client = {
    url: 'memory:',
    lookups: 0,
    async register(_subject: string, schema: string) {
      for (const [id, text] of byId) if (text === schema) return id
      byId.set(byId.size + 1, schema)
      return byId.size
    },
    async schemaById(id: number) {
      client.lookups++
      const text = byId.get(id)
      if (!text) throw new RegistryError(`no schema ${id}`, { status: 404 })
      return text
    },
    async setCompatibility() {},
    async isCompatible() {
      return true
    },
  }
  return client
}

/** A log-event contract of the tests' own, with a string enum and a nullable field. */
const logEvent = avro.Type.forSchema({
  type: 'record',
  name: 'LogEvent',
  namespace: 'dev.dataflow.test',
  fields: [
    { name: 'event_id', type: 'string' },
    { name: 'timestamp', type: 'string' },
    { name: 'level', type: { type: 'enum', name: 'Level', symbols: ['INFO', 'WARNING', 'ERROR'] } },
    { name: 'message', type: 'string' },
    { name: 'source', type: ['null', 'string'], default: null },
  ],
})

const event = {
  event_id: '5b0f1e0a-0000-4000-8000-000000000001',
  timestamp: '2026-11-28T03:00:00.000Z',
  level: 'ERROR',
  message: 'CRITICAL incident INC-0000ABCD. Service: database DOWN.',
  source: 'generator',
}

describe('wire format', () => {
  it('frames a body behind magic byte 0 and a big-endian schema id', () => {
    const bytes = frame(258, Buffer.from([7, 8]))
    expect([...bytes]).toEqual([0, 0, 0, 1, 2, 7, 8])
    expect(wireSchemaId(bytes)).toBe(258)
  })

  it('rejects short buffers and a wrong magic byte', () => {
    expect(wireSchemaId(Buffer.from([0, 0, 1]))).toBeUndefined()
    expect(wireSchemaId(Buffer.from([1, 0, 0, 0, 1, 9]))).toBeUndefined()
  })
})

describe('serde', () => {
  it('round-trips a record', async () => {
    const serde = createSerde({ registry: memoryRegistry() })
    const type = logEvent
    const encoder = await serde.encoder<typeof event>('incidents-value', type)
    expect(await serde.decoder(type).decode(encoder.encode(event))).toEqual(event)
  })

  it('looks each writer schema up once and resolves it against the reader', async () => {
    const registry = memoryRegistry()
    const writerSerde = createSerde({ registry })
    const reader = logEvent
    const extended = avro.Type.forSchema({
      ...(reader.schema() as avro.schema.RecordType),
      fields: [
        ...(reader.schema() as avro.schema.RecordType).fields,
        { name: 'region', type: ['null', 'string'], default: null },
      ],
    })
    const encoder = await writerSerde.encoder('incidents-value', extended)
    const decoder = createSerde({ registry }).decoder(reader)
    const batch = [1, 2, 3].map((n) =>
      encoder.encode({ ...event, event_id: `id-${n}`, region: 'eu' }),
    )
    const decoded = await decoder.decodeBatch(batch)
    expect(decoded.map((d) => (d as typeof event).event_id)).toEqual(['id-1', 'id-2', 'id-3'])
    expect(decoded[0]).not.toHaveProperty('region')
    expect(registry.lookups).toBe(1)
  })

  it('turns bad bytes into typed decode errors, never throws from a batch', async () => {
    const registry = memoryRegistry()
    const serde = createSerde({ registry })
    const type = logEvent
    const good = (await serde.encoder('incidents-value', type)).encode(event)
    const results = await serde
      .decoder(type)
      .decodeBatch([
        Buffer.from('not avro at all'),
        frame(999, Buffer.from([1, 2, 3])),
        frame(wireSchemaId(good) ?? 0, Buffer.from([0xff, 0xff, 0xff])),
        Buffer.concat([good, Buffer.from([1])]),
        good,
      ])
    expect(results.slice(0, 4).map((r) => (r as DecodeError).reason)).toEqual([
      'undecodable',
      'unknown_schema',
      'schema_mismatch',
      'schema_mismatch',
    ])
    expect(results[4]).toEqual(event)
  })
})
