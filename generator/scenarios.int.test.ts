import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  collectTopic,
  testConnection,
  uniqueName,
  type Collector,
} from '@incident-pipeline/dataflow/testing'
import { createRegistryClient, createSerde } from '@incident-pipeline/dataflow/avro'
import { loadSchema } from '../schemas/catalog.ts'
import type { RawIncidentEvent } from '../transforms/incident-types.ts'
import { loadServiceMap } from '../config/service-map-file.ts'
import { planScenario, type ScenarioTruth } from './scenarios/index.ts'

const connection = testConnection()
const topic = uniqueName('incidents')
const scenariosTopic = `${topic}.scenarios`
const dir = mkdtempSync(join(tmpdir(), 'scenarios-it-'))
const groundTruth = join(dir, 'truth.jsonl')
const collectors: Collector[] = []

afterAll(async () => {
  await Promise.all(collectors.map((c) => c.close()))
  rmSync(dir, { recursive: true, force: true })
})

function generate(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['generator/cli.ts', ...args], { env: process.env })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('close', (code) => resolve({ code, stderr }))
  })
}

describe('generator CLI with a scenario, against the real broker and registry', () => {
  it('publishes a ground truth whose event ids are in the raw topic', async () => {
    const { code, stderr } = await generate([
      ...['--rate', '0', '--count', '200', '--seed', '5', '--quiet'],
      ...['--scenario', 'database-pool-exhaustion', '--topic', topic],
      ...['--scenarios-topic', scenariosTopic, '--ground-truth', groundTruth],
    ])
    expect(code, stderr).toBe(0)

    const truthCollector = await collectTopic(scenariosTopic, connection)
    collectors.push(truthCollector)
    const [record] = await truthCollector.waitForCount(1)
    const truth = JSON.parse(record?.value.toString() ?? '') as ScenarioTruth
    expect(record?.key).toBe('database-pool-exhaustion-5-0')
    expect(truth).toMatchObject({
      scenario_id: 'database-pool-exhaustion-5-0',
      kind: 'database-pool-exhaustion',
      seed: 5,
      root_service: 'database',
      root_category: 'Performance Degradation',
      timing: 'immediate',
      truncated: false,
    })
    expect(truth.affected_services).toContain('payment-service')

    const rawCollector = await collectTopic(topic, connection)
    collectors.push(rawCollector)
    const records = await rawCollector.waitForCount(200)
    const serde = createSerde({ registry: createRegistryClient({ url: connection.registryUrl }) })
    const decoded = await serde
      .decoder<RawIncidentEvent>(loadSchema('incident-log-event').type)
      .decodeBatch(records.map((r) => r.value))
    const byId = new Map(
      decoded.flatMap((d) => (d instanceof Error ? [] : [[d.event_id, d] as const])),
    )
    for (const event of truth.events) {
      const raw = byId.get(event.event_id)
      expect(raw, event.event_id).toBeDefined()
      expect(Date.parse(raw?.timestamp ?? '')).toBe(event.event_time)
      if (event.system_id) expect(raw?.message).toContain(event.system_id)
    }

    // Same seed: the scenario is reproducible offline, ids and all.
    const replay = planScenario({
      kind: 'database-pool-exhaustion',
      seed: 5,
      index: 0,
      startTime: truth.start_time,
      map: loadServiceMap(),
      timing: 'immediate',
    })
    expect(replay.truth).toEqual(truth)
    expect(readFileSync(groundTruth, 'utf8')).toBe(JSON.stringify(truth) + '\n')
  })

  it('refuses an unknown scenario before connecting', async () => {
    const { code, stderr } = await generate(['--scenario', 'meteor-strike', '--quiet'])
    expect(code).toBe(1)
    expect(stderr).toContain('invalid --scenario')
  })
})
