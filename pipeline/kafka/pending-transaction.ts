/**
 * The pure bookkeeping of one open transaction in the exactly-once loop: the next offset to commit
 * for each consumed partition, the records consumed and produced per topic (for `onCommit`
 * metrics), and the grouping of outputs into per-topic produce requests and of offsets into the
 * `sendOffsets` shape. No client is touched here, so it is tested without a broker.
 */
import type { KafkaJS } from '@confluentinc/kafka-javascript'
import type { OutputRecord } from './eos-types.ts'

export interface PendingTransaction {
  /** Records consumed per topic since the transaction opened. */
  readonly inputs: Record<string, number>
  /** Records produced per topic since the transaction opened. */
  readonly outputs: Record<string, number>
  /** Whether any consumed offset waits to be committed. */
  readonly hasOffsets: boolean
  /** Notes that `count` records of `topic`/`partition` were consumed, up to `nextOffset` - 1. */
  consumed(topic: string, partition: number, nextOffset: number, count: number): void
  /** Notes that `count` records were produced to `topic`. */
  produced(topic: string, count: number): void
  /** The pending offsets in the shape of `producer.sendOffsets({ topics })`. */
  offsetTopics(): KafkaJS.TopicOffsets[]
}

/**
 * @example
 * const t = createPendingTransaction()
 * t.consumed('in', 0, 11, 3)
 * t.offsetTopics() // [{ topic: 'in', partitions: [{ partition: 0, offset: '11' }] }]
 */
export function createPendingTransaction(): PendingTransaction {
  const offsets = new Map<string, { topic: string; partition: number; offset: number }>()
  const inputs: Record<string, number> = {}
  const outputs: Record<string, number> = {}
  return {
    inputs,
    outputs,
    get hasOffsets() {
      return offsets.size > 0
    },
    consumed(topic, partition, nextOffset, count) {
      offsets.set(`${topic}:${partition}`, { topic, partition, offset: nextOffset })
      inputs[topic] = (inputs[topic] ?? 0) + count
    },
    produced(topic, count) {
      outputs[topic] = (outputs[topic] ?? 0) + count
    },
    offsetTopics() {
      const topics = new Map<string, KafkaJS.PartitionOffset[]>()
      for (const { topic, partition, offset } of offsets.values()) {
        let list = topics.get(topic)
        if (!list) topics.set(topic, (list = []))
        list.push({ partition, offset: String(offset) })
      }
      return [...topics].map(([topic, partitions]) => ({ topic, partitions }))
    },
  }
}

/**
 * Groups outputs by topic into produce requests, keeping each topic's records in order.
 *
 * @example
 * groupOutputsByTopic([{ topic: 'a', value: 'x' }]) // [{ topic: 'a', messages: [{ key: null, value: 'x', ... }] }]
 */
export function groupOutputsByTopic(
  outputs: OutputRecord[],
): { topic: string; messages: KafkaJS.Message[] }[] {
  const byTopic = new Map<string, KafkaJS.Message[]>()
  for (const out of outputs) {
    let list = byTopic.get(out.topic)
    if (!list) byTopic.set(out.topic, (list = []))
    list.push({
      key: out.key ?? null,
      value: out.value,
      partition: out.partition,
      headers: out.headers,
    })
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }))
}
