/**
 * Topics created idempotently: a topic that exists is left as it is (a partition-count mismatch
 * is reported, never silently changed), a missing one is created with explicit partitions and
 * configs.
 */
import type { KafkaJS } from '@confluentinc/kafka-javascript'

/** One topic of a plan for `ensureTopics`. */
export interface TopicSpec {
  topic: string
  numPartitions: number
  /** Topic configs for creation, e.g. `cleanup.policy`. */
  config: Record<string, string>
}

/** Which topics of the plan `ensureTopics` created and which already existed. */
export interface EnsureResult {
  created: string[]
  existing: string[]
}

/** Creates the missing topics of a plan; running it twice changes nothing. */
export async function ensureTopics(admin: KafkaJS.Admin, plan: TopicSpec[]): Promise<EnsureResult> {
  const existing = new Set(await admin.listTopics({ timeout: 10_000 }))
  const missing = plan.filter((spec) => !existing.has(spec.topic))
  if (missing.length > 0) {
    await admin.createTopics({
      timeout: 30_000,
      topics: missing.map((spec) => ({
        topic: spec.topic,
        numPartitions: spec.numPartitions,
        replicationFactor: -1,
        configEntries: Object.entries(spec.config).map(([name, value]) => ({ name, value })),
      })),
    })
  }
  const present = plan.filter((spec) => existing.has(spec.topic)).map((spec) => spec.topic)
  if (present.length > 0) {
    const metadata = await admin.fetchTopicMetadata({ topics: present, timeout: 10_000 })
    for (const topic of metadata) {
      const spec = plan.find((s) => s.topic === topic.name)
      if (spec && topic.partitions.length !== spec.numPartitions) {
        throw new Error(
          `topic ${topic.name} has ${topic.partitions.length} partitions, the plan wants ${spec.numPartitions}; ` +
            'change the plan or recreate the topic',
        )
      }
    }
  }
  return { created: missing.map((s) => s.topic), existing: present }
}
