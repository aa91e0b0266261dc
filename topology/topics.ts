/**
 * The incident pipeline's topics and their configs: data topics with explicit partitions and
 * retention, a dead-letter topic kept longer, and compacted state topics (changelogs). The
 * engine's `ensureTopics` creates them.
 */
import type { TopicSpec } from '@incident-pipeline/dataflow/kafka'

export interface TopicNames {
  raw: string
  enriched: string
  hourlySummaries: string
  alerts: string
  deadLetter: string
  late: string
  scenarios: string
}

export const defaultTopicNames = {
  raw: 'incidents',
  enriched: 'incidents.enriched',
  hourlySummaries: 'incidents.hourly-summaries',
  alerts: 'incidents.alerts',
  deadLetter: 'incidents.dead-letter',
  late: 'incidents.late',
  scenarios: 'incidents.scenarios',
} satisfies TopicNames

/** The same topics under a prefix, for isolated runs (tests, chaos, benchmarks). */
export function prefixTopicNames(names: TopicNames, prefix: string): TopicNames {
  return Object.fromEntries(
    Object.entries(names).map(([role, topic]) => [role, `${prefix}${topic}`]),
  ) as unknown as TopicNames
}

export interface TopicPlanOptions {
  names: TopicNames
  partitions: number
  retentionMs: number
  /** Names of compacted state topics (changelogs), created beside the data topics. */
  stateTopics: string[]
}

const DAY = 86_400_000
/** Largest record the raw and dead-letter topics accept. */
export const LARGE_RECORD_BYTES = 4 * 1024 * 1024

export const defaultTopicPlanOptions = {
  names: defaultTopicNames,
  partitions: 3,
  retentionMs: 7 * DAY,
  stateTopics: [],
} satisfies TopicPlanOptions

/**
 * @example
 * const plan = topicPlan({ partitions: 6 })
 * await ensureTopics(admin, plan)
 */
export function topicPlan(options: Partial<TopicPlanOptions> = {}): TopicSpec[] {
  const { names, partitions, retentionMs, stateTopics } = { ...defaultTopicPlanOptions, ...options }
  if (!Number.isInteger(partitions) || partitions < 1)
    throw new Error(`invalid partitions: ${partitions}`)
  const data = { 'cleanup.policy': 'delete', 'retention.ms': String(retentionMs) }
  // The raw topic accepts oversized records so the topology can dead-letter them whole.
  const large = { 'max.message.bytes': String(LARGE_RECORD_BYTES) }
  const deadLetter = { 'cleanup.policy': 'delete', 'retention.ms': String(30 * DAY), ...large }
  const state = {
    'cleanup.policy': 'compact',
    'min.compaction.lag.ms': '0',
    'segment.ms': String(DAY),
  }
  return [
    ...Object.entries(names).map(([role, topic]) => ({
      topic,
      numPartitions: partitions,
      config: role === 'deadLetter' ? deadLetter : role === 'raw' ? { ...data, ...large } : data,
    })),
    ...stateTopics.map((topic) => ({ topic, numPartitions: partitions, config: state })),
  ]
}
