/**
 * The chaos test: generated incidents (with poison, late and out-of-order events) flow through
 * the real topology while it is killed with SIGKILL at random moments, a second instance joins
 * and leaves, and the broker restarts; then every output is checked for exactly-once.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import {
  rdkafkaConfig,
  type ConnectionOptions,
  connectFastProducer,
} from '@incident-pipeline/dataflow/kafka'
import type { Logger } from '@incident-pipeline/dataflow'
import { sendEndOfInput, waitUntilCommitted } from '@incident-pipeline/dataflow/testing'
import { createRegistryClient, createSerde, type Serde } from '@incident-pipeline/dataflow/avro'
import { bootstrap } from '../topology/bootstrap.ts'
import { defaultTopicNames, prefixTopicNames, type TopicNames } from '../topology/topics.ts'
import type { GeneratedItem } from '../generator/generate-events.ts'
import { generatorProducerConfig } from '../generator/produce.ts'
import { chaosEncoders, chaosItems, produceItems } from '../testing/chaos-input.ts'
import { startTopology, type TopologyProcess } from '../testing/topology-process.ts'
import { verifyRun, type Verdict } from './verify.ts'
import { watchTopic } from './watcher.ts'

export interface ChaosOptions {
  events: number
  kills: number
  seed: number
  /** The topology's --idle-timeout. */
  idleTimeout: string
  /** Topology instances in the group throughout the run (each kill takes one at random). */
  instances: number
  /** Whether one more instance joins after the first kill and is killed after the second. */
  secondInstance: boolean
  restartBroker: boolean
  workDir: string
  connection: ConnectionOptions
  log: Logger
}

export interface ChaosReport {
  run: string
  inputs: number
  valid: number
  late: number
  poison: number
  kills: number
  instances: number
  secondInstance: boolean
  brokerRestarts: number
  seconds: number
  verdicts: Verdict[]
  ok: boolean
}

const PARTITIONS = 3
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
const between = (min: number, max: number): number => min + Math.floor(Math.random() * (max - min))

/** Names of one run: its id, topic prefix, consumer group, topics and data directory. */
interface ChaosRun {
  run: string
  prefix: string
  group: string
  names: TopicNames
  dataDir: string
}

/** The topology instances alive at a moment of the run: the steady ones, and maybe a joiner. */
interface Instances {
  running: TopologyProcess[]
  joiner?: TopologyProcess
}

function chaosRun(workDir: string): ChaosRun {
  const run = `chaos-${Date.now().toString(36)}`
  const prefix = `${run}.`
  return {
    run,
    prefix,
    group: `${run}-topology`,
    names: prefixTopicNames(defaultTopicNames, prefix),
    dataDir: join(workDir, run, 'data'),
  }
}

function topologyArgs(o: ChaosOptions, r: ChaosRun): string[] {
  return [
    '--topic-prefix',
    r.prefix,
    '--group',
    r.group,
    '--data-dir',
    r.dataDir,
    '--idle-timeout',
    o.idleTimeout,
    '--metrics-port',
    '0',
    '--brokers',
    o.connection.brokers.join(','),
  ]
}

/**
 * Produces the items to the raw topic in paced slices while `during` runs, then ends the input
 * and disconnects; resolves to what `during` resolved to.
 */
async function produceWhile<T>(
  o: ChaosOptions,
  serde: Serde,
  topic: string,
  items: readonly GeneratedItem[],
  during: () => Promise<T>,
): Promise<T> {
  const producer = await connectFastProducer({
    ...rdkafkaConfig(o.connection),
    ...generatorProducerConfig,
  })
  const producing = produceItems(producer, topic, items, await chaosEncoders(serde, topic), {
    slice: 2_000,
    pauseMs: Math.max(50, Math.floor(40_000 / (o.events / 2_000))),
  })
  const result = await during()
  await producing
  await sendEndOfInput(producer, topic, PARTITIONS)
  await producer.disconnect()
  return result
}

/**
 * Kills one of the running instances, at random, with SIGKILL `o.kills` times at random moments
 * and restarts it; after the first kill one more instance joins, after the second it is killed,
 * and after the third the broker restarts. Replaces the instances in `instances` as it goes.
 */
async function injectFaults(
  o: ChaosOptions,
  instances: Instances,
  start: () => TopologyProcess,
): Promise<{ kills: number; brokerRestarts: number }> {
  let kills = 0
  let brokerRestarts = 0
  while (kills < o.kills) {
    await sleep(between(3_000, 9_000))
    const victim = between(0, instances.running.length)
    await instances.running[victim]?.kill9()
    kills++
    o.log.info({ kills, instance: victim }, 'chaos: topology killed with SIGKILL')
    await sleep(between(200, 1_500))
    instances.running[victim] = start()
    if (kills === 1 && o.secondInstance) {
      instances.joiner = start()
      o.log.info('chaos: one more instance started')
    }
    if (kills === 2 && instances.joiner) {
      await sleep(5_000)
      await instances.joiner.kill9()
      instances.joiner = undefined
      o.log.info('chaos: the extra instance killed with SIGKILL')
    }
    if (kills === 3 && o.restartBroker && !process.env.KAFKA_BROKERS) {
      execFileSync('bash', ['infra/kafka/kafka.sh', 'restart'], { stdio: 'ignore' })
      brokerRestarts++
      o.log.info('chaos: broker restarted')
    }
  }
  return { kills, brokerRestarts }
}

function watcherVerdict(live: { seen: number; duplicates: number }, expected: number): Verdict {
  return {
    // Completeness is the final checks' job: the watcher's own consumer can lose its place in the
    // broker restart, so it only vouches that nothing it saw was there twice.
    check: 'live read_committed watcher: no duplicate ever visible',
    ok: live.duplicates === 0 && live.seen > 0,
    detail: { ...live, expected },
  }
}

/**
 * @example
 * const report = await runChaos({ events: 200_000, kills: 5, seed: 1, ... })
 */
export async function runChaos(o: ChaosOptions): Promise<ChaosReport> {
  const started = Date.now()
  const r = chaosRun(o.workDir)
  const { run, group, names, dataDir } = r
  mkdirSync(dataDir, { recursive: true })
  await bootstrap({
    connection: o.connection,
    log: o.log,
    topics: { names, partitions: PARTITIONS },
  })
  const serde = createSerde({ registry: createRegistryClient({ url: o.connection.registryUrl }) })
  const { items, truth } = chaosItems({
    seed: o.seed,
    events: o.events,
    warmup: Math.min(2_000, Math.floor(o.events / 10)),
    startTime: Date.UTC(2026, 9, 1),
  })
  const args = topologyArgs(o, r)
  const logFile = join(o.workDir, run, 'topology.log')
  const watcher = await watchTopic(o.connection, serde, names.enriched)
  const instances: Instances = {
    running: Array.from({ length: o.instances }, () => startTopology(args, logFile)),
  }
  o.log.info({ run, events: o.events, kills: o.kills, instances: o.instances }, 'chaos: started')

  let faults: { kills: number; brokerRestarts: number }
  try {
    faults = await produceWhile(o, serde, names.raw, items, () =>
      injectFaults(o, instances, () => startTopology(args, logFile)),
    )
    await waitUntilCommitted({
      connection: o.connection,
      group,
      source: names.raw,
      table: 'incidents',
      output: names.enriched,
      dataDir,
    })
  } finally {
    // On failure too: a run that throws must not leave topology processes behind.
    await instances.joiner?.terminate()
    await Promise.all(instances.running.map((instance) => instance.terminate()))
  }
  const { kills, brokerRestarts } = faults

  const live = await watcher.finish(truth.enriched.size)
  const verdicts = await verifyRun(o.connection, serde, names, PARTITIONS, dataDir, truth)
  verdicts.unshift(watcherVerdict(live, truth.enriched.size))
  return {
    run,
    inputs: items.length,
    valid: truth.enriched.size - truth.late.size,
    late: truth.late.size,
    poison: items.length - truth.enriched.size,
    kills,
    instances: o.instances,
    secondInstance: o.secondInstance,
    brokerRestarts,
    seconds: Math.round((Date.now() - started) / 1000),
    verdicts,
    ok: verdicts.every((v) => v.ok),
  }
}
