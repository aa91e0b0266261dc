/**
 * Records and callbacks of the exactly-once consume-transform-produce loop (eos-processor.ts).
 */
export interface InputRecord {
  topic: string
  partition: number
  offset: number
  key: Buffer | null
  value: Buffer | null
  /** Record timestamp, epoch ms. */
  timestamp: number
  headers: Record<string, string>
}

/** A record for the loop to produce in the open transaction. */
export interface OutputRecord {
  topic: string
  key?: Buffer | string | null
  value: Buffer | null
  partition?: number
  headers?: Record<string, string | Buffer>
}

/** One partition of one topic. */
export interface TopicPartition {
  topic: string
  partition: number
}

/** What the loop calls. Every call happens inside the open transaction, one at a time. */
export interface EosHandler {
  /** Turns one partition's batch into output records. */
  process(
    topic: string,
    partition: number,
    records: InputRecord[],
  ): OutputRecord[] | Promise<OutputRecord[]>
  /** Extra records to commit with the transaction (state changelog, watermark markers). */
  beforeCommit?(): OutputRecord[] | Promise<OutputRecord[]>
  /** Called on the loop's timer: records due without new input (windows closed by idleness). */
  tick?(): OutputRecord[] | Promise<OutputRecord[]>
  /** Partitions were assigned: restore their state before their first batch. */
  onAssigned?(partitions: TopicPartition[]): Promise<void>
  /** Partitions were revoked (after a final commit) or the loop restarts: drop their state. */
  onRevoked?(partitions: TopicPartition[]): Promise<void> | void
}
