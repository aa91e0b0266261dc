/**
 * The topics of a Kafka runner under the test driver (kafka-runner-driver.ts), and their JSON
 * records. Each runner has a fresh group, and under its name one topic per source (with the
 * setup's partitions) and one single-partition topic per sink, so that a sink's order is its
 * commit order; the runtime's dead letters go to the `dead_letter` sink. A fed record's timestamp
 * is its Kafka timestamp, an output's travels in the `x-timestamp` header, and state is read back
 * from the changelog.
 */
import { randomUUID } from 'node:crypto'
import type { ConnectionOptions } from '../kafka/config.ts'
import type { InputRecord, OutputRecord as KafkaRecord } from '../kafka/eos-types.ts'
import type { TopicSpec } from '../kafka/topics.ts'
import { ConfigError } from '../errors.ts'
import type { FeedRecord, OutputRecord, RunnerSetup } from '../runner-driver.ts'
import { parseStateRecord, type StateRecord, type StateSnapshot } from '../state.ts'
import { DEAD_LETTER } from '../steps.ts'
import { fromChangelog } from './changelog.ts'
import { readTopic } from '../kafka/read-topic.ts'
import { END_OF_INPUT_HEADER } from './screen-source-record.ts'

/** The sink header that carries an output's element timestamp. */
export const TIMESTAMP_HEADER = 'x-timestamp'
/** The sink the runtime's dead letters (undecodable records, failed steps) go to. */
export const DEAD_LETTER_SINK = DEAD_LETTER

export interface DriverTopics {
  readonly group: string
  /** Source name → topic. */
  readonly sources: Readonly<Record<string, string>>
  /** Sink name → topic, the dead-letter sink included. */
  readonly sinks: Readonly<Record<string, string>>
  readonly shuffle: string
  readonly changelog: string
}

export const partitionCount = (setup: RunnerSetup, source: string): number =>
  setup.partitions[source] ?? 1

/**
 * Fresh names for a runner of `setup.pipeline`.
 *
 * @example
 * const topics = driverTopics(setup) // { group: 'runner-1a2b3c4d', sources: { in: 'runner-1a2b3c4d.in.in' }, ... }
 */
export function driverTopics({ pipeline }: RunnerSetup): DriverTopics {
  const group = `runner-${randomUUID().slice(0, 8)}`
  const topic = (kind: string, name: string) =>
    `${group}.${kind}.${name.replace(/[^A-Za-z0-9_-]/g, '_')}`
  const sinks = [...new Set([...pipeline.sinks, DEAD_LETTER_SINK])]
  return {
    group,
    sources: Object.fromEntries(pipeline.sources.map((source) => [source, topic('in', source)])),
    sinks: Object.fromEntries(sinks.map((sink) => [sink, topic('out', sink)])),
    // As the Kafka runner names its internal topics (internalTopicSpecs).
    shuffle: `${group}.shuffle`,
    changelog: `${group}.changelog`,
  }
}

/** The source and sink topics to create (the runner creates its shuffle and changelog). */
export function topicSpecs(setup: RunnerSetup, topics: DriverTopics): TopicSpec[] {
  return [
    ...Object.entries(topics.sources).map(([source, topic]) => ({
      topic,
      numPartitions: partitionCount(setup, source),
      config: {},
    })),
    ...Object.values(topics.sinks).map((topic) => ({ topic, numPartitions: 1, config: {} })),
  ]
}

const toJson = (value: unknown): Buffer => Buffer.from(JSON.stringify(value) ?? 'null')

/** The messages that append `records` to a source of `partitions` partitions. */
export function feedMessages(source: string, partitions: number, records: readonly FeedRecord[]) {
  return records.map(({ partition, timestamp, value }) => {
    if (!Number.isInteger(partition) || partition < 0 || partition >= partitions) {
      throw new ConfigError(`invalid partition: ${source}/${partition}`)
    }
    // A Kafka timestamp is whole milliseconds, and librdkafka reads 0 as "now".
    if (!Number.isSafeInteger(timestamp) || timestamp <= 0) {
      throw new ConfigError(`invalid timestamp: ${timestamp} (Kafka needs a positive integer)`)
    }
    return { partition, timestamp: String(timestamp), value: toJson(value) }
  })
}

/** One end-of-input record per partition: the runtime moves its stream time to the end. */
export function endOfInputMessages(partitions: number) {
  return Array.from({ length: partitions }, (_, partition) => ({
    partition,
    value: null,
    headers: { [END_OF_INPUT_HEADER]: '1' },
  }))
}

/** The record of one sink element. */
export function sinkRecord(
  topics: DriverTopics,
  sink: string,
  value: unknown,
  timestamp: number,
): KafkaRecord {
  const topic = topics.sinks[sink]
  if (topic === undefined) throw new ConfigError(`unknown sink: '${sink}'`)
  return { topic, value: toJson(value), headers: { [TIMESTAMP_HEADER]: String(timestamp) } }
}

/** The dead letter of a source record, on the dead-letter sink. */
export function deadLetterRecord(
  topics: DriverTopics,
  input: InputRecord,
  reason: string,
  detail: string,
  step: string,
): KafkaRecord {
  const { topic, partition, offset, timestamp } = input
  const value = { reason, detail, step, topic, partition, offset }
  return { ...sinkRecord(topics, DEAD_LETTER_SINK, value, timestamp), key: input.key }
}

/** The committed elements of a sink, in commit order; none for a sink the pipeline lacks. */
export async function readSink<T>(
  connection: ConnectionOptions,
  topics: DriverTopics,
  sink: string,
): Promise<OutputRecord<T>[]> {
  const topic = topics.sinks[sink]
  if (topic === undefined) return []
  const records = await readTopic(connection, topic, { partitions: 1 })
  return records.map((record) => ({
    value: JSON.parse(record.value?.toString('utf8') ?? 'null') as T,
    timestamp: Number(record.headers[TIMESTAMP_HEADER]?.toString('utf8')),
  }))
}

/** The committed state: the changelog compacted by key, as a restart would restore it. */
export async function readState(
  connection: ConnectionOptions,
  topics: DriverTopics,
  partitions: number,
): Promise<StateSnapshot> {
  const records = await readTopic(connection, topics.changelog, { partitions })
  // Per partition: each shuffle partition's executor has its own watermark and stream times.
  const latest = new Map<string, StateRecord>()
  for (const { partition, key, value } of records) {
    const id = `${partition}\u0000${key?.toString('utf8')}`
    if (value === null) latest.delete(id)
    else latest.set(id, parseStateRecord(fromChangelog(key, value)))
  }
  return { version: 1, records: [...latest.values()] }
}
