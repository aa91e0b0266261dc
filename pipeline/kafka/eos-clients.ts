/**
 * The client settings of the exactly-once loop, and the conversion of a consumed message into
 * the loop's input record.
 */
import type { KafkaJS } from '@confluentinc/kafka-javascript'
import type { InputRecord } from './eos-types.ts'

/** An idempotent, transactional producer tuned for many small records. */
export const transactionalProducerConfig = (transactionalId: string) => ({
  'transactional.id': transactionalId,
  'enable.idempotence': true,
  'transaction.timeout.ms': 60_000,
  'linger.ms': 5,
  'batch.num.messages': 10_000,
  'compression.type': 'lz4' as const,
  'message.max.bytes': 4 * 1024 * 1024,
  // librdkafka's default send queue holds up to 1 GB; a transaction's records need a few MB.
  'queue.buffering.max.kbytes': 64 * 1024,
})

/** A consumer group member that reads only committed records and never commits by itself. */
export const readCommittedConsumerConfig = (o: {
  groupId: string
  maxBatchSize: number
  maxQueuedKbytes: number
}) => ({
  kafkaJS: { groupId: o.groupId, fromBeginning: true, autoCommit: false },
  'isolation.level': 'read_committed' as const,
  'js.consumer.max.batch.size': o.maxBatchSize,
  // The client keeps fetched messages in the JS heap for this long of consumption (1.5 s by
  // default: at 100k/s, 150k messages); librdkafka's own queue already prefetches.
  'js.consumer.max.cache.size.per.worker.ms': 100,
  'queued.max.messages.kbytes': o.maxQueuedKbytes,
  'max.poll.interval.ms': 120_000,
  // A killed instance's partitions move on after 10 s, not the default 45 s.
  'session.timeout.ms': 10_000,
  'heartbeat.interval.ms': 2_000,
  'fetch.max.bytes': 16 * 1024 * 1024,
})

export const toInput = (topic: string, partition: number, m: KafkaJS.KafkaMessage): InputRecord => {
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(m.headers ?? {})) if (v !== undefined) headers[k] = String(v)
  return {
    topic,
    partition,
    offset: Number(m.offset),
    key: m.key,
    value: m.value,
    timestamp: Number(m.timestamp),
    headers,
  }
}
