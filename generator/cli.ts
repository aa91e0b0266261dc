/**
 * `npm run generate`: produces incident events to Kafka until a count, a duration or a signal.
 * It bootstraps the topics and schemas first, so it works on an empty broker, and fails within
 * a bounded time with a clear message when the broker or the registry cannot be reached.
 */
import { randomInt } from 'node:crypto'
import { createLogger } from '../pipeline/log.ts'
import { bootstrap } from '../pipeline/kafka/bootstrap.ts'
import { connectionFromEnv, rdkafkaConfig } from '../pipeline/kafka/config.ts'
import { connectFastProducer } from '../pipeline/kafka/fast-producer.ts'
import { defaultTopicNames } from '../pipeline/kafka/topics.ts'
import avro from 'avsc'
import { loadSchema } from '../schemas/catalog.ts'
import { createRegistryClient } from '../schemas/registry-client.ts'
import { createSerde } from '../schemas/serde.ts'
import { generatorUsage, parseGeneratorArgs } from './cli-options.ts'
import { createEventGenerator } from './generate-events.ts'
import { foreignRecordSchema } from './poison.ts'
import { generatorProducerConfig, produce } from './produce.ts'

const log = createLogger('generator')

async function main(): Promise<void> {
  const options = parseGeneratorArgs(process.argv.slice(2))
  if (options.help) {
    console.log(generatorUsage)
    return
  }
  const connection = connectionFromEnv()
  const seed = options.seed ?? randomInt(0, 0xffff_ffff)
  await bootstrap({
    connection,
    log,
    topics: { partitions: options.partitions, names: { ...defaultTopicNames, raw: options.topic } },
  })

  const serde = createSerde({ registry: createRegistryClient({ url: connection.registryUrl }) })
  const encoders = {
    event: await serde.encoder(`${options.topic}-value`, loadSchema('incident-log-event')),
    foreign: await serde.encoder(`${options.topic}.poison-value`, avro.Type.forSchema(foreignRecordSchema as unknown as avro.Schema)),
  }
  const producer = await connectFastProducer({ ...rdkafkaConfig(connection), ...generatorProducerConfig }, log)

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
  log.info({ seed, topic: options.topic, rate: options.rate || 'unthrottled' }, 'producing')
  const progress = (s: { acked: number; rate: number; errors: number; lastError?: string }): void => {
    if (!options.quiet) {
      process.stderr.write(
        `\rgenerator: ${s.acked} sent, ${Math.round(s.rate)}/s, ${s.errors} errors${s.lastError ? ` (${s.lastError})` : ''}   `,
      )
    }
  }
  const stats = await produce(producer, generator, encoders, {
    topic: options.topic,
    rate: options.rate,
    count: options.count,
    durationMs: options.duration === undefined ? undefined : options.duration * 1000,
    signal: stop.signal,
    onProgress: progress,
  })
  await producer.disconnect()
  if (!options.quiet) process.stderr.write('\n')
  log.info({ ...stats, seed }, 'done')
  if (stats.errors > 0) process.exitCode = 1
}

main().catch((error: unknown) => {
  log.error({ err: error }, error instanceof Error ? error.message : String(error))
  log.flush()
  process.exitCode = 1
})
