/**
 * Options, commit information and the public surface of the exactly-once loop
 * (eos-processor.ts).
 */
import type { ConnectionOptions } from './config.ts'
import type { Duration } from '../duration.ts'
import type { EosHandler, TopicPartition } from './eos-types.ts'
import type { Logger } from '../log.ts'

/** Options of `createEosProcessor`; `defaultEosProcessorOptions` fills the tuning ones. */
export interface EosProcessorOptions {
  connection: ConnectionOptions
  /** Consumer group id; instances with the same one share the topics' partitions. */
  groupId: string
  /** Stable per instance, so a restarted instance fences its predecessor. */
  transactionalId: string
  /** Topics to consume. */
  topics: string[]
  handler: EosHandler
  log: Logger
  /** How often the open transaction commits; 100ms by default. */
  commitInterval: Duration
  /** Records per batch handed to the handler, small enough that no partition waits long; 2000. */
  maxBatchSize: number
  /** Bound on what librdkafka prefetches per partition, KiB (16384): bounds memory under backpressure. */
  maxQueuedKbytes: number
  /** Restart when an open transaction makes no progress for this long; 60s by default. */
  stallTimeout: Duration
  /**
   * Wait before the first restart after a failure; it doubles with each restart that fails again
   * before consumed offsets are committed, up to `maxRestartDelay`; 250ms by default.
   */
  restartDelay: Duration
  /** Upper bound of the restart delay; 30s by default. */
  maxRestartDelay: Duration
  /** Called after each committed transaction. */
  onCommit?: (info: CommitInfo) => void
}

/** What `onCommit` is told about one committed transaction. */
export interface CommitInfo {
  /** Input records the transaction consumed, per topic. */
  inputs: Record<string, number>
  /** Output records the transaction produced, per topic. */
  outputs: Record<string, number>
  /** Time the commit took (before-commit records, pending sends, offsets, commit), ms. */
  latencyMs: number
}

/** Defaults of the loop's tuning options (see `EosProcessorOptions`). */
export const defaultEosProcessorOptions = {
  commitInterval: '100ms',
  maxBatchSize: 2_000,
  maxQueuedKbytes: 16_384,
  stallTimeout: '60s',
  restartDelay: '250ms',
  maxRestartDelay: '30s',
} satisfies Partial<EosProcessorOptions>

/** The exactly-once loop, built by `createEosProcessor`. */
export interface EosProcessor {
  start(): Promise<void>
  /** Stops the loop: commits the open transaction (or aborts it if that fails), then disconnects. */
  stop(): Promise<void>
  /**
   * Stops without committing more, as a crash would: aborts the open transaction and leaves the
   * group at once (a crashed instance's partitions would move on only after the session timeout).
   */
  kill(): Promise<void>
  /** Runs the handler's tick now and commits what it produced. */
  tick(): Promise<void>
  /** True while a transaction is open (uncommitted work exists). */
  readonly busy: boolean
  /** Consumer lag per `topic:partition`, as of each partition's last batch. */
  lag(): Map<string, number>
  /** The partitions currently assigned to this instance. */
  readonly assignment: TopicPartition[]
}
