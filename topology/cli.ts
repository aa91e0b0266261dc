/**
 * `npm run topology`: the incident topology on Kafka, exactly once, with its file sink and
 * metrics. It bootstraps topics and schemas, takes a stable instance slot (for its transactional
 * id), runs the Kafka runner and the exactly-once file sink, and on SIGTERM/SIGINT commits what
 * it has and closes.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { createRegistryClient, createSerde } from '@incident-pipeline/dataflow/avro'
import {
  createKafkaRunner,
  defaultConnectionOptions,
  type ConnectionOptions,
  type KafkaRunner,
} from '@incident-pipeline/dataflow/kafka'
import {
  ConfigError,
  createLogger,
  serveMetrics,
  createTopologyMetrics,
  type TopologyMetrics,
} from '@incident-pipeline/dataflow'
import { createFileSink, type FileSink } from '@incident-pipeline/dataflow/sinks'
import { incidentTopology } from './incident-topology.ts'
import { bootstrap } from './bootstrap.ts'
import {
  defaultTopicNames,
  LARGE_RECORD_BYTES,
  prefixTopicNames,
  type TopicNames,
} from './topics.ts'
import { createIncidentCodecs, type IncidentCodecs } from './incident-codecs.ts'
import { sinkTables } from './tables.ts'
import { acquireInstanceSlot } from './instance-slot.ts'
import { recordCommit, watchRunner } from './runner-metrics.ts'
import { parseTopologyArgs, topologyUsage, type TopologyOptions } from './topology-options.ts'

const log = createLogger('topology')

async function main(): Promise<void> {
  const options = parseTopologyArgs(process.argv.slice(2), process.env)
  if (options.help) {
    console.log(topologyUsage)
    return
  }
  const connection = {
    ...defaultConnectionOptions,
    brokers: options.brokers,
    registryUrl: options.registry,
    clientId: options.group,
  }
  const names = prefixTopicNames(defaultTopicNames, options.topicPrefix)
  await bootstrap({ connection, log, topics: { partitions: options.partitions, names } })

  mkdirSync(options.dataDir, { recursive: true })
  const slot = acquireInstanceSlot(join(options.dataDir, '.instances'))
  const metrics = createTopologyMetrics('incident_topology_')
  const codecs = await createIncidentCodecs(
    createSerde({ registry: createRegistryClient({ url: connection.registryUrl }) }),
    names,
  )
  const runner = incidentRunner(options, connection, names, codecs, slot.index, metrics)
  const sink =
    options.formats.length === 0 ? undefined : incidentSink(options, connection, names, metrics)
  const server =
    options.metricsPort > 0
      ? await serveMetrics(metrics.registry, { port: options.metricsPort })
      : undefined
  const unwatch = watchRunner(runner, metrics)

  let stopping: Promise<void> | undefined
  const stop = (signal: string): Promise<void> =>
    (stopping ??= (async () => {
      log.info({ signal }, 'stopping: committing and closing')
      unwatch()
      await runner.stop()
      await sink?.stop()
      server?.close()
      slot.release()
      log.info('stopped')
      log.flush()
    })())
  process.once('SIGTERM', () => void stop('SIGTERM').then(() => process.exit(0)))
  process.once('SIGINT', () => void stop('SIGINT').then(() => process.exit(0)))

  await runner.start()
  await sink?.start()
  // A dead sink must not leave a topology that writes no files: exit so the supervisor restarts
  // it; recovery from the manifests makes the restart safe.
  sink?.finished.catch((error: unknown) => {
    log.error({ err: error }, 'file sink failed')
    void stop('file-sink-failed').then(() => process.exit(1))
  })
  log.info(
    {
      instance: slot.index,
      group: options.group,
      dataDir: options.dataDir,
      formats: options.formats,
      metrics: options.metricsPort || 'off',
    },
    'topology running',
  )
}

/** The incident topology on the Kafka runner, as instance `instance` of the group. */
function incidentRunner(
  options: TopologyOptions,
  connection: ConnectionOptions,
  names: TopicNames,
  codecs: IncidentCodecs,
  instance: number,
  metrics: TopologyMetrics,
): KafkaRunner {
  return createKafkaRunner({
    pipeline: incidentTopology({ summaryGrace: options.grace }),
    connection,
    log,
    groupId: options.group,
    transactionalId: `${options.group}-${instance}`,
    sourceTopics: { raw: names.raw },
    sourcePartitions: { raw: options.partitions },
    ...codecs,
    shufflePartitions: options.partitions,
    idleTimeout: options.idleTimeout,
    commitInterval: options.commitInterval,
    maxRecordBytes: Math.min(LARGE_RECORD_BYTES, 1024 * 1024),
    onCommit: (info) => recordCommit(metrics, codecs.sinkTopics, info),
  })
}

/** The file sink of the incident tables, in the formats asked for. */
function incidentSink(
  options: TopologyOptions,
  connection: ConnectionOptions,
  names: TopicNames,
  metrics: TopologyMetrics,
): FileSink {
  return createFileSink({
    connection,
    dataDir: options.dataDir,
    log: log.child({ component: 'file-sink' }),
    formats: options.formats,
    tables: sinkTables(names),
    metrics: { registry: metrics.registry, prefix: 'incident_sink_' },
  })
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`topology: ${error.message}`)
    process.exit(2)
  }
  log.error({ err: error }, error instanceof Error ? error.message : String(error))
  log.flush()
  process.exit(1)
})
