/**
 * The Kafka runner: a pipeline on the exactly-once loop. It creates its internal topics (the
 * shuffle and the compacted state changelog) idempotently, then runs the topology runtime inside
 * the EOS processor. To scale out, start more runners with the same group id.
 */
import { createCaughtUpProbe } from './caught-up-probe.ts'
import { readChangelogPartition } from './changelog.ts'
import { createKafka } from '../kafka/config.ts'
import {
  createEosProcessor,
  type EosProcessor,
  type EosProcessorOptions,
} from '../kafka/eos-processor.ts'
import { ensureTopics, type TopicSpec } from '../kafka/topics.ts'
import {
  createTopologyRuntime,
  type TopologyRuntime,
  type TopologyRuntimeOptions,
} from './topology-runtime.ts'

/**
 * The runtime's options it does not derive (its topics, clock, changelog reader and caught-up
 * probe), and the exactly-once loop's; each passes through under its one name.
 */
export interface KafkaRunnerOptions
  extends
    Omit<TopologyRuntimeOptions, 'topics' | 'now' | 'readChangelog' | 'caughtUp'>,
    Pick<EosProcessorOptions, 'connection' | 'groupId' | 'transactionalId' | 'onCommit'>,
    Partial<Pick<EosProcessorOptions, 'commitInterval'>> {
  /** Source name → topic. */
  sourceTopics: Record<string, string>
  /** Wall clock, epoch ms; `Date.now` by default. */
  now?: () => number
}

/** A pipeline on the exactly-once loop, built by `createKafkaRunner`. */
export interface KafkaRunner {
  readonly runtime: TopologyRuntime
  readonly processor: EosProcessor
  /** Names of the shuffle topic and the compacted changelog topic. */
  readonly internalTopics: { shuffle: string; changelog: string }
  /** Creates the internal topics if missing, then starts the loop. */
  start(): Promise<void>
  /** Stops the loop (`processor.stop()`). */
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
  const [shuffleSpec, changelogSpec] = internalTopicSpecs(o.groupId, o.shufflePartitions) as [
    TopicSpec,
    TopicSpec,
  ]
  const internalTopics = { shuffle: shuffleSpec.topic, changelog: changelogSpec.topic }
  const runtime = createTopologyRuntime({
    ...o,
    topics: { sources: o.sourceTopics, ...internalTopics },
    now: o.now ?? Date.now,
    readChangelog: (partition) =>
      readChangelogPartition(o.connection, internalTopics.changelog, partition),
    caughtUp: createCaughtUpProbe(o.connection, o.groupId, o.sourceTopics),
  })
  const processor = createEosProcessor({
    ...o,
    topics: [...Object.values(o.sourceTopics), internalTopics.shuffle],
    handler: runtime,
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
