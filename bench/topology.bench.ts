/**
 * `npm run bench`: the topology's exactly-once throughput, freshness and memory, printed as JSON.
 *   1. N generated incidents are loaded into a fresh raw topic.
 *   2. Baseline: a plain EOS pass-through copy of that topic with the same client and loop.
 *   3. The full topology (`npm run topology`, files included) drains the same topic.
 *   4. Freshness: at a steady rate, the time from producing an incident to seeing it in the
 *      committed Parquet files, sampled.
 * Peak RSS is the topology process's VmHWM. Loads target loopback only; every loop is bounded.
 */
import { readFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import {
  connectionFromEnv,
  createKafka,
  rdkafkaConfig,
  createEosProcessor,
  connectFastProducer,
  ensureTopics,
} from '@incident-pipeline/dataflow/kafka'
import { createLogger } from '@incident-pipeline/dataflow'
import { waitFor } from '@incident-pipeline/dataflow/testing'
import { createRegistryClient, createSerde } from '@incident-pipeline/dataflow/avro'
import { chaosEncoders } from '../testing/chaos-input.ts'
import { startTopology } from '../testing/topology-process.ts'
import { encodeItem } from '../generator/encode-item.ts'
import { createEventGenerator } from '../generator/generate-events.ts'
import { generatorProducerConfig } from '../generator/produce.ts'
import { bootstrap } from '../topology/bootstrap.ts'
import { defaultTopicNames, prefixTopicNames } from '../topology/topics.ts'

const events = Number(process.argv[2] ?? 200_000)
const freshnessSeconds = Number(process.argv[3] ?? 20)
const log = createLogger('bench', 'warn')
const connection = { ...connectionFromEnv(), clientId: 'bench' }
const run = `bench-${Date.now().toString(36)}`
const names = prefixTopicNames(defaultTopicNames, `${run}.`)
const group = `${run}-topology`
const workDir = mkdtempSync(join(tmpdir(), `${run}-`))
const dataDir = join(workDir, 'data')
await bootstrap({ connection, log, topics: { names, partitions: 3 } })
const serde = createSerde({ registry: createRegistryClient({ url: connection.registryUrl }) })
const encoders = await chaosEncoders(serde, names.raw)
const producer = await connectFastProducer({
  ...rdkafkaConfig(connection),
  ...generatorProducerConfig,
})

async function load(
  count: number,
  generator = createEventGenerator({ seed: 11, eventsPerSecond: 50 }),
): Promise<void> {
  for (let i = 0; i < count; i++) {
    const m = encodeItem(generator.next(), encoders)
    while (!producer.tryProduce(names.raw, m.key, m.value)) await producer.drain()
  }
  await producer.flush(300_000)
}

async function committedInputs(groupId: string): Promise<number> {
  const admin = createKafka(connection).admin()
  await admin.connect()
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [names.raw] })
    return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0)
  } finally {
    await admin.disconnect()
  }
}

await load(events)

// Baseline: the same EOS loop copying records through unchanged.
const copyTopic = `${run}.copy`
const admin = createKafka(connection).admin()
await admin.connect()
await ensureTopics(admin, [{ topic: copyTopic, numPartitions: 3, config: {} }])
await admin.disconnect()
let copied = 0
const copy = createEosProcessor({
  connection,
  log,
  groupId: `${run}-copy`,
  transactionalId: `${run}-copy`,
  topics: [names.raw],
  handler: {
    process: (_t, _p, records) =>
      records.map((r) => ({ topic: copyTopic, key: r.key, value: r.value })),
  },
  onCommit: (info) => (copied += info.inputs[names.raw] ?? 0),
})
let t0 = performance.now()
await copy.start()
await waitFor(() => copied >= events, {
  timeoutMs: 600_000,
  intervalMs: 100,
  what: 'the copy to finish',
})
const copySeconds = (performance.now() - t0) / 1000
await copy.stop()

// The full topology, as a separate process, draining the same backlog.
const args = [
  '--topic-prefix',
  `${run}.`,
  '--group',
  group,
  '--data-dir',
  dataDir,
  '--metrics-port',
  '0',
]
t0 = performance.now()
const topology = startTopology(args, join(workDir, 'topology.log'))
await waitFor(async () => (await committedInputs(group)) >= events, {
  timeoutMs: 900_000,
  intervalMs: 250,
  what: 'the topology to drain',
})
const topologySeconds = (performance.now() - t0) / 1000

// Freshness: steady load; sample ids and time them into the committed files.
const sent = new Map<string, number>()
const seen: number[] = []
const db = await (await DuckDBInstance.create(':memory:')).connect()
const readFiles = new Set<string>()
const manifestPath = join(dataDir, 'incidents', '_manifest.json')
const poll = async (): Promise<void> => {
  let files: string[]
  try {
    files = (JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: { parquet: string[] } })
      .files.parquet
  } catch {
    return
  }
  const fresh = files.filter((f) => !readFiles.has(f))
  if (fresh.length === 0 || sent.size === 0) return
  fresh.forEach((f) => readFiles.add(f))
  const list = fresh.map((f) => `'${join(dataDir, 'incidents', f)}'`).join(',')
  const rows = await db.runAndReadAll(`SELECT event_id FROM read_parquet([${list}])`)
  const now = performance.now()
  for (const { event_id } of rows.getRowObjectsJS()) {
    const at = sent.get(String(event_id))
    if (at !== undefined) {
      seen.push(now - at)
      sent.delete(String(event_id))
    }
  }
}
await poll()
sent.clear()
const steady = createEventGenerator({ seed: 12, clock: Date.now, startIndex: events })
const rate = 1_000
const end = performance.now() + freshnessSeconds * 1000
while (performance.now() < end) {
  const tick = performance.now()
  for (let i = 0; i < rate / 20; i++) {
    const item = steady.next()
    const m = encodeItem(item, encoders)
    while (!producer.tryProduce(names.raw, m.key, m.value)) await producer.drain()
    if (i % 10 === 0 && item.kind !== 'poison') sent.set(item.eventId, performance.now())
  }
  await poll()
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, 50 - (performance.now() - tick))))
}
await waitFor(async () => (await poll(), sent.size === 0), {
  timeoutMs: 30_000,
  intervalMs: 25,
  what: 'the sampled events to be visible',
}).catch(() => undefined)
const vmhwm = (() => {
  try {
    const status = readFileSync(`/proc/${topology.pid}/status`, 'utf8')
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024
  } catch {
    return 0
  }
})()
await topology.terminate()
await producer.disconnect()
db.closeSync()

seen.sort((a, b) => a - b)
const pct = (p: number): number =>
  Math.round(seen[Math.min(seen.length - 1, Math.max(0, Math.ceil(p * seen.length) - 1))] ?? NaN)
const copyRate = events / copySeconds
const topologyRate = events / topologySeconds
console.log(
  JSON.stringify(
    {
      bench: 'topology',
      events,
      eos_passthrough_per_sec: Math.round(copyRate),
      eos_topology_per_sec: Math.round(topologyRate),
      topology_to_passthrough_ratio: Number((topologyRate / copyRate).toFixed(3)),
      freshness_samples: seen.length,
      freshness_unseen: sent.size,
      freshness_p50_ms: pct(0.5),
      freshness_p99_ms: pct(0.99),
      topology_peak_rss_mb: Math.round(vmhwm),
      note: 'topology time includes start-up, state restore and writing Parquet + CSV files',
    },
    null,
    2,
  ),
)
process.exit(0)
