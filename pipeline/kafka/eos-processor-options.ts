/**
 * Options, commit information and the public surface of the exactly-once loop
 * (eos-processor.ts).
 */
import type { ConnectionOptions } from './config.ts'
import type { Duration } from '../duration.ts'
import type { EosHandler, TopicPartition } from './eos-types.ts'
import type { Logger } from '../log.ts'

export interface EosProcessorOptions {
  connection: ConnectionOptions
  groupId: string
  /** Stable per instance, so a restarted instance fences its predecessor. */
  transactionalId: string
  topics: string[]
  handler: EosHandler
  log: Logger
  /** How often the open transaction commits. */
  commitInterval: Duration
  /** Records per batch handed to the handler; small enough that no partition waits long. */
  maxBatchSize: number
  /** Bound on what librdkafka prefetches per partition, in KiB: it bounds memory under backpressure. */
  maxQueuedKbytes: number
  /** Restart when an open transaction makes no progress for this long. */
  stallTimeout: Duration
  /**
   * Wait before the first restart after a failure; it doubles with each restart that fails again
   * before consumed offsets are committed, up to `maxRestartDelay`.
   */
  restartDelay: Duration
  maxRestartDelay: Duration
  onCommit?: (info: CommitInfo) => void
}

export interface CommitInfo {
  /** Input records the transaction consumed, per topic. */
  inputs: Record<string, number>
  /** Output records the transaction produced, per topic. */
  outputs: Record<string, number>
  latencyMs: number
}

export const defaultEosProcessorOptions = {
  commitInterval: '100ms',
  maxBatchSize: 2_000,
  maxQueuedKbytes: 16_384,
  stallTimeout: '60s',
  restartDelay: '250ms',
  maxRestartDelay: '30s',
} satisfies Partial<EosProcessorOptions>

export interface EosProcessor {
  start(): Promise<void>
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
  readonly assignment: TopicPartition[]
}
