/**
 * `npm run generate`: produces incident events to Kafka until a count, a duration or a signal.
 * It bootstraps the topics and schemas first, so it works on an empty broker, and fails within
 * a bounded time with a clear message when the broker or the registry cannot be reached. With
 * `--scenario` it mixes incident scenarios into the events and publishes their ground truth.
 */
import { randomInt } from 'node:crypto'
import { createLogger } from '@incident-pipeline/dataflow'
import {
  connectionFromEnv,
  createKafka,
  rdkafkaConfig,
  type ConnectionOptions,
  connectFastProducer,
} from '@incident-pipeline/dataflow/kafka'
import avro from 'avsc'
import { createRegistryClient, createSerde } from '@incident-pipeline/dataflow/avro'
import { bootstrap } from '../topology/bootstrap.ts'
import { defaultTopicNames } from '../topology/topics.ts'
import { loadSchema } from '../schemas/catalog.ts'
import { type ServiceMap } from '../transforms/service-map.ts'
import { loadServiceMap } from '../config/service-map-file.ts'
import {
  generatorUsage,
  parseGeneratorArgs,
  scenarioTiming,
  type GeneratorCliOptions,
} from './cli-options.ts'
import { createEventGenerator, type EventGenerator } from './generate-events.ts'
import { foreignRecordSchema } from './poison.ts'
import { generatorProducerConfig, produce } from './produce.ts'
import { createScenarioInjector, type ScenarioInjector } from './scenario-injector.ts'
import { createTruthSink } from './scenario-truth-sink.ts'

const log = createLogger('generator')

/**
 * Wraps the background generator in a scenario injector whose ground truth goes to the scenarios
 * topic (and file); `finish()` publishes the truth of scenarios cut short and waits for delivery.
 */
async function startScenarios(
  generator: EventGenerator,
  options: GeneratorCliOptions,
  seed: number,
  connection: ConnectionOptions,
  map: ServiceMap | undefined,
): Promise<{ injector: ScenarioInjector; finish(): Promise<void> } | undefined> {
  if (options.scenario === undefined || map === undefined) return undefined
  const topic = options.scenariosTopic
  const producer = createKafka(connection, log).producer({ 'enable.idempotence': true })
  await producer.connect()
  const sink = createTruthSink({ producer, topic, file: options.groundTruth })
  const timing = scenarioTiming(options)
  const injector = createScenarioInjector(generator, {
    seed,
    kind: options.scenario,
    everyMs: Math.round(options.scenarioEvery * 1000),
    timing,
    map,
    onStart: ({ truth }) =>
      log.info(
        { scenario: truth.scenario_id, root: truth.root_service, events: truth.event_ids.length },
        'scenario started',
      ),
    onTruth: (truth) => {
      sink.write(truth)
      log.info({ scenario: truth.scenario_id, topic }, 'scenario complete: ground truth sent')
    },
  })
  log.info(
    { scenario: options.scenario, everySeconds: options.scenarioEvery, timing },
    'injecting scenarios',
  )
  return {
    injector,
    async finish() {
      for (const truth of injector.stop()) {
        sink.write(truth)
        log.info(
          { scenario: truth.scenario_id, sent: truth.event_ids.length },
          'scenario cut short: truncated ground truth sent',
        )
      }
      await sink.close()
    },
  }
}

async function main(): Promise<void> {
  const options = parseGeneratorArgs(process.argv.slice(2))
  if (options.help) {
    console.log(generatorUsage)
    return
  }
  // A bad service map fails before anything connects.
  const map = options.scenario === undefined ? undefined : loadServiceMap(options.serviceMap)
  const connection = connectionFromEnv()
  const seed = options.seed ?? randomInt(0, 0xffff_ffff)
  const names = { ...defaultTopicNames, raw: options.topic, scenarios: options.scenariosTopic }
  await bootstrap({ connection, log, topics: { partitions: options.partitions, names } })

  const serde = createSerde({ registry: createRegistryClient({ url: connection.registryUrl }) })
  const encoders = {
    event: await serde.encoder(`${options.topic}-value`, loadSchema('incident-log-event')),
    foreign: await serde.encoder(
      `${options.topic}.poison-value`,
      avro.Type.forSchema(foreignRecordSchema as unknown as avro.Schema),
    ),
  }
  const producer = await connectFastProducer(
    { ...rdkafkaConfig(connection), ...generatorProducerConfig },
    log,
  )

  const stop = new AbortController()
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log.info({ signal }, 'stopping: flushing in-flight events')
      stop.abort()
    })
  }
  const generator = createEventGenerator({
    seed,
    clock: Date.now,
    lateFraction: options.lateFraction,
    outOfOrderFraction: options.outOfOrderFraction,
    poisonFraction: options.poisonFraction,
  })
  const scenarios = await startScenarios(generator, options, seed, connection, map)
  log.info({ seed, topic: options.topic, rate: options.rate || 'unthrottled' }, 'producing')
  const progress = (s: {
    acked: number
    rate: number
    errors: number
    lastError?: string
  }): void => {
    if (!options.quiet) {
      process.stderr.write(
        `\rgenerator: ${s.acked} sent, ${Math.round(s.rate)}/s, ${s.errors} errors${s.lastError ? ` (${s.lastError})` : ''}   `,
      )
    }
  }
  const stats = await produce(producer, scenarios?.injector ?? generator, encoders, {
    topic: options.topic,
    rate: options.rate,
    count: options.count,
    durationMs: options.duration === undefined ? undefined : options.duration * 1000,
    signal: stop.signal,
    onProgress: progress,
  })
  await producer.disconnect()
  if (!options.quiet) process.stderr.write('\n')
  if (scenarios) await scenarios.finish()
  log.info({ ...stats, seed }, 'done')
  if (stats.errors > 0) process.exitCode = 1
}

main().catch((error: unknown) => {
  log.error({ err: error }, error instanceof Error ? error.message : String(error))
  log.flush()
  process.exitCode = 1
})
