/**
 * The Kafka runner: a pipeline on the exactly-once loop. It creates its internal topics (the
 * shuffle and the compacted state changelog) idempotently, then runs the topology runtime inside
 * the EOS processor. To scale out, start more runners with the same group id.
 */
import { createCaughtUpProbe } from './caught-up-probe.ts'
import { readChangelogPartition } from './changelog.ts'
import { createKafka, type ConnectionOptions } from '../kafka/config.ts'
import { createEosProcessor, type CommitInfo, type EosProcessor } from '../kafka/eos-processor.ts'
import { ensureTopics, type TopicSpec } from '../kafka/topics.ts'
import type { Logger } from '../log.ts'
import type { StepError } from '../errors.ts'
import type { Pipeline } from '../steps.ts'
import type { Codec } from './codec.ts'
import {
  createTopologyRuntime,
  type DeadLetterEncoder,
  type SinkEncoder,
  type TopologyRuntime,
} from './topology-runtime.ts'

export interface KafkaRunnerOptions {
  pipeline: Pipeline
  connection: ConnectionOptions
  log: Logger
  groupId: string
  transactionalId: string
  /** Source name → topic. */
  sourceTopics: Record<string, string>
  sourcePartitions: Record<string, number>
  sourceCodecs: Record<string, Codec>
  encodeSink: SinkEncoder
  deadLetter: DeadLetterEncoder
  /** Partitions of the shuffle and changelog topics. */
  partitions: number
  idleTimeoutMs: number
  commitIntervalMs: number
  maxRecordBytes: number
  now?: () => number
  onStepError?: (error: StepError) => void
  onCommit?: (info: CommitInfo) => void
}

export interface KafkaRunner {
  readonly runtime: TopologyRuntime
  readonly processor: EosProcessor
  readonly internalTopics: { shuffle: string; changelog: string }
  start(): Promise<void>
  stop(): Promise<void>
}

/** The internal topics of a runner group: a shuffle topic and a compacted changelog. */
export function internalTopicSpecs(groupId: string, partitions: number): TopicSpec[] {
  return [
    {
      topic: `${groupId}.shuffle`,
      numPartitions: partitions,
      config: { 'cleanup.policy': 'delete', 'retention.ms': String(86_400_000) },
    },
    {
      topic: `${groupId}.changelog`,
      numPartitions: partitions,
      config: {
        'cleanup.policy': 'compact',
        'min.compaction.lag.ms': '0',
        'segment.ms': String(3_600_000),
      },
    },
  ]
}

/**
 * @example
 * const runner = createKafkaRunner({ pipeline: incidentTopology(), groupId: 'incident-topology', ... })
 * await runner.start()
 */
export function createKafkaRunner(o: KafkaRunnerOptions): KafkaRunner {
  const [shuffleSpec, changelogSpec] = internalTopicSpecs(o.groupId, o.partitions) as [
    TopicSpec,
    TopicSpec,
  ]
  const internalTopics = { shuffle: shuffleSpec.topic, changelog: changelogSpec.topic }
  const runtime = createTopologyRuntime({
    pipeline: o.pipeline,
    topics: { sources: o.sourceTopics, ...internalTopics },
    sourcePartitions: o.sourcePartitions,
    shufflePartitions: o.partitions,
    sourceCodecs: o.sourceCodecs,
    encodeSink: o.encodeSink,
    deadLetter: o.deadLetter,
    idleTimeoutMs: o.idleTimeoutMs,
    maxRecordBytes: o.maxRecordBytes,
    now: o.now ?? Date.now,
    readChangelog: (partition) =>
      readChangelogPartition(o.connection, internalTopics.changelog, partition),
    caughtUp: createCaughtUpProbe(o.connection, o.groupId, o.sourceTopics),
    log: o.log,
    onStepError: o.onStepError,
  })
  const processor = createEosProcessor({
    connection: o.connection,
    groupId: o.groupId,
    transactionalId: o.transactionalId,
    topics: [...Object.values(o.sourceTopics), internalTopics.shuffle],
    handler: runtime,
    log: o.log,
    commitIntervalMs: o.commitIntervalMs,
    onCommit: o.onCommit,
  })
  return {
    runtime,
    processor,
    internalTopics,
    async start() {
      const admin = createKafka(o.connection, o.log).admin()
      await admin.connect()
      try {
        await ensureTopics(admin, [shuffleSpec, changelogSpec])
      } finally {
        await admin.disconnect()
      }
      await processor.start()
    },
    stop: () => processor.stop(),
  }
}
