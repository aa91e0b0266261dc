/**
 * Connection settings for Kafka and the schema registry, from the environment with local
 * defaults: the embedded single-node broker on 127.0.0.1:9092 and the embedded Apicurio
 * registry's Confluent-compatible API on 127.0.0.1:8081.
 */
import { KafkaJS } from '@confluentinc/kafka-javascript'
import type { Logger } from '../log.ts'
import { kafkaLogger } from './kafka-logger.ts'

/** Where Kafka and the schema registry are, and the client id to use. */
export interface ConnectionOptions {
  /** Bootstrap brokers, `host:port`. */
  brokers: string[]
  /** Base URL of the registry's Confluent-compatible API. */
  registryUrl: string
  clientId: string
}

/** The local defaults: broker 127.0.0.1:9092, registry on 127.0.0.1:8081, client id `dataflow`. */
export const defaultConnectionOptions = {
  brokers: ['127.0.0.1:9092'],
  registryUrl: 'http://127.0.0.1:8081/apis/ccompat/v7',
  clientId: 'dataflow',
} satisfies ConnectionOptions

/** Reads KAFKA_BROKERS (comma-separated) and SCHEMA_REGISTRY_URL. */
export function connectionFromEnv(env: NodeJS.ProcessEnv = process.env): ConnectionOptions {
  const brokers = env.KAFKA_BROKERS?.split(',')
    .map((b) => b.trim())
    .filter(Boolean)
  return {
    ...defaultConnectionOptions,
    ...(brokers?.length ? { brokers } : {}),
    ...(env.SCHEMA_REGISTRY_URL ? { registryUrl: env.SCHEMA_REGISTRY_URL } : {}),
  }
}

/**
 * Creates a client on the librdkafka-backed KafkaJS-compatible API, with librdkafka's own
 * logging kept to errors.
 *
 * @example
 * const kafka = createKafka(connectionFromEnv())
 * const producer = kafka.producer({ 'enable.idempotence': true })
 */
export function createKafka(
  options: Pick<ConnectionOptions, 'brokers' | 'clientId'>,
  log?: Logger,
): KafkaJS.Kafka {
  return new KafkaJS.Kafka({
    kafkaJS: {
      brokers: options.brokers,
      clientId: options.clientId,
      logLevel: KafkaJS.logLevel.ERROR,
      ...(log ? { logger: kafkaLogger(log) } : {}),
    },
  })
}

/** librdkafka's own settings for a connection, for the clients built on its native API. */
export function rdkafkaConfig(options: Pick<ConnectionOptions, 'brokers' | 'clientId'>): {
  'bootstrap.servers': string
  'client.id': string
} {
  return { 'bootstrap.servers': options.brokers.join(','), 'client.id': options.clientId }
}
