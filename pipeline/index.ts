/**
 * `@incident-pipeline/dataflow`: the pipeline API. Build a pipeline as a list of named steps
 * (`pipeline()`, Collection methods), window and combine it (`tumbling`, `hopping`, CombineFn),
 * and run it (`PipelineExecutor`, which the runners share; `inMemoryRunner`, the test driver).
 * Kafka, the file sink, Avro and test support are subpaths: `/kafka`, `/sinks`, `/avro`,
 * `/testing` (README.md beside this file).
 *
 * @example
 * import { inMemoryRunner, pipeline, tumbling } from '@incident-pipeline/dataflow'
 */
export { Collection, flatten } from './collection.ts'
export { pipeline, PipelineBuilder } from './pipeline-builder.ts'
export type {
  CombineOptions,
  CombineResult,
  TaggedCollections,
  WindowIntoOptions,
} from './collection.ts'
export { jsonSet, jsonSetAdd, jsonSetUnion } from './combine.ts'
export type { CombineFn, JsonSet } from './combine.ts'
export {
  distinctAdd,
  distinctCount,
  distinctCountOf,
  distinctEstimate,
  distinctExactLimit,
  distinctUnion,
} from './distinct-count.ts'
export type { DistinctCount } from './distinct-count.ts'
export type { ShuffleFn, StepMetrics } from './compile.ts'
export { DAY, formatDuration, HOUR, MINUTE, SECOND, toMillis } from './duration.ts'
export type { Duration } from './duration.ts'
export {
  CodedError,
  ConfigError,
  PipelineDefinitionError,
  PipelineError,
  StateError,
  StepError,
} from './errors.ts'
export type { CodedErrorOptions, PipelineErrorCode, StepErrorOrigin } from './errors.ts'
export { defaultExecutorOptions, PipelineExecutor } from './executor.ts'
export type { ExecutorOptions } from './executor.ts'
export { defaultInMemoryRunnerOptions, InMemoryRunner, inMemoryRunner } from './in-memory-runner.ts'
export type { InMemoryRunnerOptions } from './in-memory-runner.ts'
export { decodeKey, encodeKey } from './keys.ts'
export { createLogger } from './log.ts'
export type { Logger } from './log.ts'
export { serveMetrics } from './metrics-server.ts'
export type { KeyPart } from './keys.ts'
export type {
  FeedRecord,
  NewRunner,
  OutputRecord,
  RunnerDriver,
  RunnerSetup,
} from './runner-driver.ts'
export { parseStateRecord, stateRecordKey, windowRecords } from './state.ts'
export type {
  StateRecord,
  StateSnapshot,
  StreamTimeRecord,
  WatermarkRecord,
  WindowRecord,
  WindowValue,
} from './state.ts'
export { DEAD_LETTER, LATE, MAIN, outputTags } from './steps.ts'
export type {
  DoFn,
  DoFnContext,
  ElementContext,
  KV,
  Outputs,
  Pane,
  Pipeline,
  PortRef,
  Step,
  StepKind,
  WindowedValue,
  Windowing,
} from './steps.ts'
export { createTopologyMetrics } from './topology-metrics.ts'
export type { TopologyMetrics } from './topology-metrics.ts'
export type { PartitionProgress } from './watermark.ts'
export type { WindowEntry } from './window-store.ts'
export { hopping, tumbling } from './windows.ts'
export type { Window, WindowFn } from './windows.ts'
