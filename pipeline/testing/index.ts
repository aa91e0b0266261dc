/**
 * `@incident-pipeline/dataflow/testing`: test support. The Kafka runner driver (the runner
 * contract's driver on a real broker), topic fixtures and collectors, end-of-input and
 * committed-output waits, and `waitFor`.
 *
 * @example
 * import { kafkaRunnerDriver, waitFor } from '@incident-pipeline/dataflow/testing'
 * const runner = await kafkaRunnerDriver({ pipeline: myPipeline(), partitions: { in: 2 } })
 */
export { drained, sendEndOfInput, sinkShortOf, waitUntilCommitted } from './drain.ts'
export { topicEnds } from '../kafka/topic-ends.ts'
export type { CommittedRun } from './drain.ts'
export { collectTopic, testConnection, uniqueName } from './kafka-fixtures.ts'
export type { Collected, Collector } from './kafka-fixtures.ts'
export {
  createKafkaRunnerDriver,
  defaultKafkaRunnerDriverOptions,
  kafkaRunnerDriver,
} from './kafka-runner-driver.ts'
export type { KafkaRunnerDriver, KafkaRunnerDriverOptions } from './kafka-runner-driver.ts'
export { createTopics, deleteTopics } from './sinks/transactional-producer.ts'
export { waitFor } from './wait-for.ts'
export { runRunnerSuite } from './runner-contract.ts'
export type { RunnerSuiteOptions } from './runner-contract.ts'
