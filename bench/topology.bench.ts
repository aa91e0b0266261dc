/**
 * `npm run bench`: the topology's exactly-once throughput, freshness and memory, printed as JSON.
 *   1. N generated incidents are loaded into a fresh raw topic.
 *   2. Baseline: a plain EOS pass-through copy of that topic with the same client and loop.
 *   3. The full topology (`npm run topology`, files included) drains the same topic.
 *   4. Steady phases (bench/topology/steady-phase.ts): 20 events/s for 30 s, 1,000 and 10,000
 *      events/s, then 30 s idle after 30 s to settle: freshness (production to committed Parquet
 *      files, sampled), CPU use and RSS of the topology in each.
 * Peak RSS is the topology process's VmHWM, steady RSS its RSS at 1,000 events/s. Prints a short
 * table on stderr and the JSON report on stdout. Loads target loopback only; loops are bounded.
 */
import { mkdtempSync } from 'node:fs'
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
import { procSample } from './soak/process-sample.ts'
import { benchTable } from './topology/bench-table.ts'
import { steadyPhase, type SteadyPhase } from './topology/steady-phase.ts'

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

// Steady phases on the drained topology: a trickle, 1,000 and 10,000 events/s, then idle (after
// 30 s in which the sink finishes compacting the files of the load).
const db = await (await DuckDBInstance.create(':memory:')).connect()
const steady = createEventGenerator({ seed: 12, clock: Date.now, startIndex: events })
const phases: SteadyPhase[] = []
const phase = { producer, encoders, topic: names.raw, generator: steady, dataDir, db }
for (const [rate, seconds] of [
  [20, 30],
  [1_000, freshnessSeconds],
  [10_000, freshnessSeconds],
  [0, 30],
] as const) {
  if (rate === 0) await new Promise((resolve) => setTimeout(resolve, 30_000))
  const pid = topology.pid
  if (pid === undefined) throw new Error('the topology is not running')
  phases.push(await steadyPhase({ ...phase, pid, rate, seconds }))
  console.error(`bench: ${rate} events/s for ${seconds} s done`)
}
const peak =
  topology.pid === undefined ? undefined : await procSample(topology.pid).catch(() => undefined)
await topology.terminate()
await producer.disconnect()
db.closeSync()

const copyRate = events / copySeconds
const topologyRate = events / topologySeconds
const at = (rate: number): SteadyPhase => phases.find((p) => p.rate === rate) as SteadyPhase
const report = {
  bench: 'topology',
  events,
  eos_passthrough_per_sec: Math.round(copyRate),
  eos_topology_per_sec: Math.round(topologyRate),
  topology_to_passthrough_ratio: Number((topologyRate / copyRate).toFixed(3)),
  freshness_ms_at_1000_per_sec: {
    p50: at(1_000).freshness_p50_ms,
    p99: at(1_000).freshness_p99_ms,
  },
  freshness_ms_at_10000_per_sec: {
    p50: at(10_000).freshness_p50_ms,
    p99: at(10_000).freshness_p99_ms,
  },
  topology_peak_rss_mb: Math.round(peak?.peakRssMb ?? 0),
  topology_steady_rss_mb: at(1_000).rss_mb,
  cpu_percent_of_core_idle: at(0).cpu_percent_of_core,
  cpu_percent_of_core_at_20_per_sec: at(20).cpu_percent_of_core,
  phases,
  note: 'topology time includes start-up, state restore and writing Parquet + CSV files',
}
console.error(benchTable(report))
console.log(JSON.stringify(report, null, 2))
process.exit(0)
