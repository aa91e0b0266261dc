/**
 * Start-up work shared by every command that talks to Kafka: check that the broker answers,
 * create the pipeline's topics and register its schemas. All of it is idempotent.
 */
import { createRegistryClient } from '@incident-pipeline/dataflow/avro'
import type { Logger } from '@incident-pipeline/dataflow'
import {
  createKafka,
  type ConnectionOptions,
  assertBrokerReachable,
  ensureTopics,
  type EnsureResult,
} from '@incident-pipeline/dataflow/kafka'
import {
  registerSchemas,
  type RegisteredSubject,
  type SubjectBinding,
} from '../schemas/register.ts'
import { defaultTopicPlanOptions, topicPlan, type TopicPlanOptions } from './topics.ts'

export interface BootstrapOptions {
  connection: ConnectionOptions
  topics?: Partial<TopicPlanOptions>
  log: Logger
  timeoutMs?: number
}

export interface BootstrapResult {
  topics: EnsureResult
  subjects: RegisteredSubject[]
}

/** Which schema each data topic carries. */
export function subjectBindings(names: TopicPlanOptions['names']): SubjectBinding[] {
  return [
    { topic: names.raw, schema: 'incident-log-event' },
    { topic: names.enriched, schema: 'enriched-incident' },
    { topic: names.late, schema: 'enriched-incident' },
    { topic: names.hourlySummaries, schema: 'hourly-summary' },
    { topic: names.alerts, schema: 'alert' },
    { topic: names.deadLetter, schema: 'dead-letter' },
  ]
}

/**
 * @example
 * await bootstrap({ connection: connectionFromEnv(), log })
 */
export async function bootstrap(options: BootstrapOptions): Promise<BootstrapResult> {
  const { connection, log, timeoutMs = 10_000 } = options
  const plan = topicPlan(options.topics)
  const admin = createKafka(connection, log).admin()
  try {
    await assertBrokerReachable(admin, connection.brokers, timeoutMs)
    const topics = await ensureTopics(admin, plan)
    log.info({ created: topics.created, existing: topics.existing.length }, 'topics ready')
    const registry = createRegistryClient({ url: connection.registryUrl, timeoutMs })
    const names = { ...defaultTopicPlanOptions.names, ...options.topics?.names }
    const subjects = await registerSchemas(registry, subjectBindings(names))
    log.info({ subjects: subjects.map((s) => `${s.subject}#${s.id}`) }, 'schemas registered')
    return { topics, subjects }
  } finally {
    await admin.disconnect()
  }
}
