/**
 * What the topology runtime has to produce in the open transaction: output records as they are
 * emitted, and shuffle records waiting per shuffle partition, which leave in batches of
 * `SHUFFLE_BATCH` per Kafka record when taken. A failed record's writes are rolled back to a mark.
 */
import type { OutputRecord } from '../kafka/eos-types.ts'
import { encodeShuffleRecords, type ShuffleRecord } from './shuffle-records.ts'

/** Shuffle records per Kafka record: well under the topic's 1 MB record limit. */
export const SHUFFLE_BATCH = 250

/** How much the outbox held at a point, to roll back to. */
export interface OutboxMark {
  readonly outputs: number
  readonly shuffled: readonly number[]
}

export class Outbox {
  readonly #shuffleTopic: string
  #outputs: OutputRecord[] = []
  #shuffled: ShuffleRecord[][]

  constructor(shuffleTopic: string, shufflePartitions: number) {
    this.#shuffleTopic = shuffleTopic
    this.#shuffled = Array.from({ length: shufflePartitions }, () => [])
  }

  /** Adds an output record. */
  output(record: OutputRecord): void {
    this.#outputs.push(record)
  }

  /** Queues a shuffle record for one shuffle partition. */
  shuffle(partition: number, record: ShuffleRecord): void {
    this.#shuffled[partition]?.push(record)
  }

  /** Queues a shuffle record (a stream time or idle marker) for every shuffle partition. */
  broadcast(record: ShuffleRecord): void {
    for (const pending of this.#shuffled) pending.push(record)
  }

  mark(): OutboxMark {
    return { outputs: this.#outputs.length, shuffled: this.#shuffled.map((p) => p.length) }
  }

  /** Drops everything added since `mark`. */
  rollback(mark: OutboxMark): void {
    this.#outputs.length = mark.outputs
    this.#shuffled.forEach((pending, q) => (pending.length = mark.shuffled[q] ?? 0))
  }

  /** Everything queued, outputs first and then the shuffle batches; the outbox is empty after. */
  take(): OutputRecord[] {
    const taken = this.#outputs
    this.#shuffled.forEach((pending, partition) => {
      for (let i = 0; i < pending.length; i += SHUFFLE_BATCH) {
        const value = encodeShuffleRecords(pending.slice(i, i + SHUFFLE_BATCH))
        taken.push({ topic: this.#shuffleTopic, partition, key: null, value })
      }
    })
    this.clear()
    return taken
  }

  clear(): void {
    this.#outputs = []
    this.#shuffled = this.#shuffled.map(() => [])
  }
}
