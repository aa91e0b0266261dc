/**
 * The evaluation's real path through the pipeline: the items are Avro-encoded with the schema
 * registry (Confluent wire format) and produced to the raw topic of a fresh, run-prefixed topic
 * set; the real topology (`npm run topology`) runs over them as a child process until its group
 * has drained the input and its exactly-once file sink has committed every enriched record and
 * every alert, and is then stopped with SIGTERM (on failure too). Its log is appended to `logFile`.
 */
import {
  createKafka,
  rdkafkaConfig,
  type ConnectionOptions,
  connectFastProducer,
} from '@incident-pipeline/dataflow/kafka'
import { createLogger } from '@incident-pipeline/dataflow'
import {
  deleteTopics,
  sendEndOfInput,
  waitUntilCommitted,
} from '@incident-pipeline/dataflow/testing'
import { createRegistryClient, createSerde } from '@incident-pipeline/dataflow/avro'
import { chaosEncoders, produceItems } from '../testing/chaos-input.ts'
import { startTopology } from '../testing/topology-process.ts'
import type { EventItem } from '../generator/generate-events.ts'
import { generatorProducerConfig } from '../generator/produce.ts'
import { bootstrap } from '../topology/bootstrap.ts'
import { defaultTopicNames, prefixTopicNames } from '../topology/topics.ts'
import { waitForAlerts } from './alerts-committed.ts'

export interface KafkaRunOptions {
  connection: ConnectionOptions
  items: readonly EventItem[]
  dataDir: string
  logFile: string
  /** Keep the run's topics; otherwise they are deleted once its files are committed. */
  keep: boolean
  progress: (message: string) => void
}

export interface KafkaRun {
  /** Prefix of the run's topics and of its consumer group. */
  run: string
  produced: number
  /** Times the topology exited on its own and was restarted. */
  restarts: number
}

const PARTITIONS = 3
const MAX_RESTARTS = 3

async function runTopics(connection: ConnectionOptions, run: string): Promise<string[]> {
  const admin = createKafka(connection).admin()
  await admin.connect()
  try {
    return (await admin.listTopics()).filter((t) => t.startsWith(run))
  } finally {
    await admin.disconnect()
  }
}

async function produce(o: KafkaRunOptions, topic: string): Promise<void> {
  const serde = createSerde({ registry: createRegistryClient({ url: o.connection.registryUrl }) })
  const encoders = await chaosEncoders(serde, topic)
  const producer = await connectFastProducer({
    ...rdkafkaConfig(o.connection),
    ...generatorProducerConfig,
  })
  try {
    await produceItems(producer, topic, o.items, encoders, { slice: 10_000, pauseMs: 5 })
    await sendEndOfInput(producer, topic, PARTITIONS)
    await producer.flush(120_000)
  } finally {
    await producer.disconnect()
  }
  const { enqueued, failed, lastError } = producer.stats()
  if (failed > 0) {
    throw new Error(`${failed} of ${enqueued} records never reached ${topic}: ${lastError}`)
  }
}

/**
 * @example
 * const { run } = await runThroughKafka({ connection, items, dataDir, logFile,
 *   keep: false, progress: console.error })
 */
export async function runThroughKafka(o: KafkaRunOptions): Promise<KafkaRun> {
  const run = `analysis-eval-${Date.now().toString(36)}`
  const prefix = `${run}.`
  const group = `${run}-topology`
  const names = prefixTopicNames(defaultTopicNames, prefix)
  const log = createLogger('analysis-eval', 'warn')
  await bootstrap({ connection: o.connection, log, topics: { names, partitions: PARTITIONS } })
  o.progress(`bootstrapped topics ${prefix}* on ${o.connection.brokers.join(',')}`)
  const topology = startTopology(
    [
      ...['--topic-prefix', prefix, '--group', group, '--data-dir', o.dataDir],
      ...['--metrics-port', '0', '--formats', 'parquet', '--partitions', String(PARTITIONS)],
      ...['--brokers', o.connection.brokers.join(','), '--registry', o.connection.registryUrl],
    ],
    o.logFile,
  )
  // The supervisor restarts a topology that exits on its own; one that keeps dying will not
  // drain, so give up early rather than at the timeout.
  const alive = (): void => {
    if (topology.restarts > MAX_RESTARTS) {
      throw new Error(`the topology exited on its own ${topology.restarts} times`)
    }
  }
  try {
    await produce(o, names.raw)
    o.progress(`produced ${o.items.length} events to ${names.raw}`)
    await waitUntilCommitted({
      connection: o.connection,
      group,
      source: names.raw,
      table: 'incidents',
      output: names.enriched,
      dataDir: o.dataDir,
      check: alive,
    })
    await waitForAlerts({
      connection: o.connection,
      topic: names.alerts,
      dataDir: o.dataDir,
      check: alive,
    })
    o.progress('topology drained, file sink caught up (incidents and alerts)')
  } finally {
    await topology.terminate()
  }
  o.progress(`topology stopped (restarts: ${topology.restarts})`)
  if (!o.keep) await deleteTopics(o.connection, await runTopics(o.connection, run))
  return { run, produced: o.items.length, restarts: topology.restarts }
}
