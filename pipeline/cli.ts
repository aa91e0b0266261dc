/**
 * `npm run topology`: the incident topology on Kafka, exactly once, with its file sink and
 * metrics. It bootstraps topics and schemas, takes a stable instance slot (for its transactional
 * id), runs the Kafka runner and the exactly-once file sink, and on SIGTERM/SIGINT commits what
 * it has and closes.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { createRegistryClient } from '../schemas/registry-client.ts'
import { createSerde } from '../schemas/serde.ts'
import { incidentTopology } from './incident-topology.ts'
import { bootstrap } from './kafka/bootstrap.ts'
import { defaultConnectionOptions } from './kafka/config.ts'
import { defaultTopicNames, LARGE_RECORD_BYTES, prefixTopicNames } from './kafka/topics.ts'
import { createKafkaRunner } from './kafka-runner/kafka-runner.ts'
import { createLogger } from './log.ts'
import { serveMetrics } from './metrics-server.ts'
import { createFileSink } from './sinks/index.ts'
import { createIncidentCodecs } from './topology/incident-codecs.ts'
import { acquireInstanceSlot } from './topology/instance-slot.ts'
import { recordCommit, watchRunner } from './topology/runner-metrics.ts'
import { parseTopologyArgs, topologyUsage } from './topology/topology-options.ts'
import { createTopologyMetrics } from './topology-metrics.ts'

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
  const metrics = createTopologyMetrics()
  const codecs = await createIncidentCodecs(
    createSerde({ registry: createRegistryClient({ url: connection.registryUrl }) }),
    names,
  )
  const runner = createKafkaRunner({
    pipeline: incidentTopology({ summaryGrace: options.grace }),
    connection,
    log,
    groupId: options.group,
    transactionalId: `${options.group}-${slot.index}`,
    sourceTopics: { raw: names.raw },
    sourcePartitions: { raw: options.partitions },
    ...codecs,
    partitions: options.partitions,
    idleTimeoutMs: options.idleness,
    commitIntervalMs: options.commitInterval,
    maxRecordBytes: Math.min(LARGE_RECORD_BYTES, 1024 * 1024),
    onCommit: (info) => recordCommit(metrics, codecs.sinkTopics, info),
  })
  const sink =
    options.formats.length === 0
      ? undefined
      : createFileSink({
          connection,
          dataDir: options.dataDir,
          log: log.child({ component: 'file-sink' }),
          formats: options.formats,
          topics: {
            incidents: names.enriched,
            hourly_summary: names.hourlySummaries,
            alerts: names.alerts,
          },
          metrics: { registry: metrics.registry },
        })
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

main().catch((error: unknown) => {
  log.error({ err: error }, error instanceof Error ? error.message : String(error))
  log.flush()
  process.exit(1)
})
