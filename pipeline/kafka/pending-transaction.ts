/**
 * The pure bookkeeping of one open transaction in the exactly-once loop: the next offset to commit
 * for each consumed partition, and the records consumed and produced per topic (for `onCommit`
 * metrics). No client is touched here, so it is tested without a broker.
 */
import type { OutputRecord } from './eos-types.ts'
import type { ConsumedOffset } from './transactional-producer.ts'

export interface PendingTransaction {
  /** Records consumed per topic since the transaction opened. */
  readonly inputs: Record<string, number>
  /** Records produced per topic since the transaction opened. */
  readonly outputs: Record<string, number>
  /** Whether any consumed offset waits to be committed. */
  readonly hasOffsets: boolean
  /** Notes that `count` records of `topic`/`partition` were consumed, up to `nextOffset` - 1. */
  consumed(topic: string, partition: number, nextOffset: number, count: number): void
  /** Notes that these records were produced. */
  produced(records: readonly OutputRecord[]): void
  /** The next offset to commit of each consumed partition, in the order first consumed. */
  offsets(): ConsumedOffset[]
}

/**
 * @example
 * const t = createPendingTransaction()
 * t.consumed('in', 0, 11, 3)
 * t.offsets() // [{ topic: 'in', partition: 0, offset: 11 }]
 */
export function createPendingTransaction(): PendingTransaction {
  const offsets = new Map<string, ConsumedOffset>()
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
    produced(records) {
      for (const { topic } of records) outputs[topic] = (outputs[topic] ?? 0) + 1
    },
    offsets: () => [...offsets.values()],
  }
}
