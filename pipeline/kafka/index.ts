/**
 * `@incident-pipeline/dataflow/kafka`: the Kafka runner (a pipeline run exactly once inside Kafka
 * transactions, with changelog state and shuffle topics) and the Kafka I/O it is built on:
 * connection settings, topic creation, the exactly-once processor, a fast producer and a
 * committed-topic reader.
 *
 * @example
 * import { connectionFromEnv, createKafkaRunner } from '@incident-pipeline/dataflow/kafka'
 * const runner = createKafkaRunner({ pipeline: myPipeline(), groupId: 'my-app', connection: connectionFromEnv(), ... })
 */
export {
  connectionFromEnv,
  createKafka,
  defaultConnectionOptions,
  rdkafkaConfig,
} from './config.ts'
export type { ConnectionOptions } from './config.ts'
export { assertBrokerReachable, BrokerUnreachableError } from './connect.ts'
export { createEosProcessor } from './eos-processor.ts'
export { defaultEosProcessorOptions } from './eos-processor-options.ts'
export type { CommitInfo, EosProcessor, EosProcessorOptions } from './eos-processor-options.ts'
export type { EosHandler, InputRecord, OutputRecord, TopicPartition } from './eos-types.ts'
export { connectFastProducer } from './fast-producer.ts'
export type { FastProducer, FastProducerStats } from './fast-producer.ts'
export { defaultReadTopicOptions, readTopic } from './read-topic.ts'
export type { ReadTopicOptions, TopicRecord } from './read-topic.ts'
export { ensureTopics } from './topics.ts'
export type { EnsureResult, TopicSpec } from './topics.ts'
export { jsonCodec } from '../kafka-runner/codec.ts'
export type { Codec } from '../kafka-runner/codec.ts'
export { createKafkaRunner, internalTopicSpecs } from '../kafka-runner/kafka-runner.ts'
export type { KafkaRunner, KafkaRunnerOptions } from '../kafka-runner/kafka-runner.ts'
export type { DeadLetterEncoder, SinkEncoder } from '../kafka-runner/topology-runtime.ts'
