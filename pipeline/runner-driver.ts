/**
 * The contract every runner implements, in the shape of Kafka Streams' TopologyTestDriver but
 * asynchronous, so that a Kafka runner can implement it: feeding produces to the source topics,
 * `flush` waits until the runner has consumed and committed everything fed, and `outputs` reads
 * the sink topics with read_committed. `runRunnerSuite` (runner-contract.ts) checks it.
 */
import type { StepMetrics } from './compile.ts'
import type { Duration } from './duration.ts'
import type { StateSnapshot } from './state.ts'
import type { Pipeline } from './steps.ts'

/** One record fed to a source by `RunnerDriver.feed`. */
export interface FeedRecord<T = unknown> {
  readonly partition: number
  /** Record timestamp, epoch ms: the element's timestamp until a step assigns event time. */
  readonly timestamp: number
  readonly value: T
  /**
   * Source offset. Runners that assign offsets themselves (Kafka) ignore it: offsets then count
   * from 0 per partition in the order records are fed, as in a fresh topic.
   */
  readonly offset?: number
}

/** One committed output of a sink, as `RunnerDriver.outputs` returns it. */
export interface OutputRecord<T = unknown> {
  readonly value: T
  /** Element timestamp, epoch ms; a window result's is its window end - 1. */
  readonly timestamp: number
}

/** What a `NewRunner` builds a runner from. */
export interface RunnerSetup {
  readonly pipeline: Pipeline
  /** Partition count of each source (topic). */
  readonly partitions: Readonly<Record<string, number>>
  /** Wall-clock time without events after which a partition is idle. */
  readonly idleTimeout: Duration
  /** Wall-clock time at start, epoch ms; a Kafka runner uses an injected clock that starts here. */
  readonly wallClock: number
}

/** A runner as tests drive it: feed records, move time, read committed outputs and state. */
export interface RunnerDriver {
  /** Appends records to a source, in order per partition. */
  feed<T>(source: string, records: readonly FeedRecord<T>[]): Promise<void>
  /** Moves the runner's wall clock forward by `ms` (idleness is the only wall-clock behaviour). */
  advanceWallClock(ms: number): Promise<void>
  /** Resolves once everything fed so far is processed and committed; rejects with its error. */
  flush(): Promise<void>
  /** End of input: processes everything fed, then closes every window (watermark to the end). */
  drain(): Promise<void>
  /** Committed outputs of a sink, in the order they were committed. */
  outputs<T = unknown>(sink: string): Promise<OutputRecord<T>[]>
  /** Committed state (what a restart restores), as JSON records. */
  state(): Promise<StateSnapshot>
  /** Per-step counters since the last (re)start. */
  metrics(): Promise<StepMetrics[]>
  /** Kills the runner without committing more and starts it again from its committed state. */
  restart(): Promise<void>
  close(): Promise<void>
}

/** Creates a runner for one setup; `runRunnerSuite` calls it once per test. */
export type NewRunner = (setup: RunnerSetup) => RunnerDriver | Promise<RunnerDriver>
