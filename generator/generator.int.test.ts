import { spawn } from 'node:child_process'
import avro from 'avsc'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  rdkafkaConfig,
  connectFastProducer,
  type FastProducer,
} from '@incident-pipeline/dataflow/kafka'
import { createLogger } from '@incident-pipeline/dataflow'
import { collectTopic, testConnection, uniqueName } from '@incident-pipeline/dataflow/testing'
import { createRegistryClient, createSerde } from '@incident-pipeline/dataflow/avro'
import { bootstrap } from '../topology/bootstrap.ts'
import { defaultTopicNames } from '../topology/topics.ts'
import { loadSchema } from '../schemas/catalog.ts'
import { levelWeights } from '../transforms/incident-templates.ts'
import type { RawIncidentEvent } from '../transforms/incident-types.ts'
import { createEventGenerator } from './generate-events.ts'
import { foreignRecordSchema } from './poison.ts'
import { generatorProducerConfig, produce } from './produce.ts'

const connection = testConnection()
const log = createLogger('it', 'warn')
const topic = uniqueName('incidents')
const names = { ...defaultTopicNames, raw: topic }
const registry = createRegistryClient({ url: connection.registryUrl })
let producer: FastProducer

beforeAll(async () => {
  await bootstrap({ connection, log, topics: { names, partitions: 3 } })
  producer = await connectFastProducer({ ...rdkafkaConfig(connection), ...generatorProducerConfig })
})
afterAll(() => producer.disconnect())

describe('generator against the real broker and registry', () => {
  it('sends N events that a consumer decodes through the registry, with the spec distributions', async () => {
    const n = 20_000
    const serde = createSerde({ registry })
    const raw = loadSchema('incident-log-event').type
    const encoders = {
      event: await serde.encoder<RawIncidentEvent>(
        `${topic}-value`,
        loadSchema('incident-log-event'),
      ),
      foreign: await serde.encoder(
        `${topic}.poison-value`,
        avro.Type.forSchema(foreignRecordSchema as unknown as avro.Schema),
      ),
    }
    const stats = await produce(producer, createEventGenerator({ seed: 42 }), encoders, {
      topic,
      count: n,
    })
    expect(stats).toMatchObject({ sent: n, acked: n, errors: 0 })

    const collector = await collectTopic(topic, connection)
    try {
      const records = await collector.waitForCount(n)
      const decoded = await createSerde({ registry })
        .decoder<RawIncidentEvent>(raw)
        .decodeBatch(records.map((r) => r.value))
      const events = decoded.filter((d): d is RawIncidentEvent => !(d instanceof Error))
      expect(events).toHaveLength(n)
      expect(new Set(events.map((e) => e.event_id)).size).toBe(n)
      for (const level of ['INFO', 'WARNING', 'ERROR'] as const) {
        const share = events.filter((e) => e.level === level).length / n
        expect(share).toBeGreaterThan(levelWeights[level] - 0.02)
        expect(share).toBeLessThan(levelWeights[level] + 0.02)
      }
      const actions = new Set(records.map((r) => r.key))
      expect(actions.size).toBe(9)
      expect(new Set(records.map((r) => r.partition)).size).toBe(3)
    } finally {
      await collector.close()
    }
  })

  it('reads BACKWARD-evolved schemas in both directions', async () => {
    const subject = `${uniqueName('evolution')}-value`
    await registry.setCompatibility(subject, 'BACKWARD')
    const v1 = loadSchema('incident-log-event').type
    const v1Schema = v1.schema() as avro.schema.RecordType
    const v2 = avro.Type.forSchema({
      ...v1Schema,
      fields: [...v1Schema.fields, { name: 'region', type: ['null', 'string'], default: null }],
    })
    const event = {
      event_id: 'e-1',
      timestamp: '2026-11-28T03:00:00.000Z',
      level: 'INFO',
      message: 'm',
      source: 'g',
    }
    const serde = createSerde({ registry })
    const oldWriter = await serde.encoder(subject, v1)
    const newWriter = await serde.encoder(subject, v2)
    expect(newWriter.schemaId).not.toBe(oldWriter.schemaId)

    const newBytes = newWriter.encode({ ...event, region: 'eu-west' })
    expect(await createSerde({ registry }).decoder(v1).decode(newBytes)).toEqual(event)
    const oldBytes = oldWriter.encode(event)
    expect(await createSerde({ registry }).decoder(v2).decode(oldBytes)).toEqual({
      ...event,
      region: null,
    })

    const breaking = avro.Type.forSchema({
      ...v1Schema,
      fields: [...v1Schema.fields, { name: 'tenant', type: 'string' }],
    })
    expect(await registry.isCompatible(subject, JSON.stringify(breaking.schema()))).toBe(false)
    await expect(serde.encoder(subject, breaking)).rejects.toThrow(/409|incompatible/i)
  })

  it('bootstraps topics twice without changing anything', async () => {
    const again = await bootstrap({ connection, log, topics: { names, partitions: 3 } })
    expect(again.topics.created).toEqual([])
    expect(again.topics.existing).toContain(topic)
  })

  it('exits non-zero with a clear error within a bound when the broker is unreachable', async () => {
    const started = Date.now()
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>(
      (resolve) => {
        const child = spawn(process.execPath, ['generator/cli.ts', '--count', '1', '--quiet'], {
          env: { ...process.env, KAFKA_BROKERS: '127.0.0.1:1' },
        })
        let stderr = ''
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
        child.on('close', (exitCode) => resolve({ code: exitCode, stderr }))
      },
    )
    expect(code).toBe(1)
    expect(stderr).toContain('Kafka broker unreachable at 127.0.0.1:1')
    expect(Date.now() - started).toBeLessThan(30_000)
  })
})
