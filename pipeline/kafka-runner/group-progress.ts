/**
 * Whether a Kafka runner's group has consumed and committed everything in its input topics: how
 * the test driver's `flush()` knows a runner is done. Source topics are written without
 * transactions, so a source partition is done when the group's committed offset is its end. The
 * shuffle is written in transactions, and each transaction ends with a control marker in every
 * partition it wrote, so a shuffle partition is done when the committed offset is at least the
 * read_committed end (the last stable offset) - 1. An aborted transaction at the tail leaves more
 * than the marker behind: when a partition stays short of that, its tail is read to check that
 * no committed record is left.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { KafkaJS } from '@confluentinc/kafka-javascript'
import type { ConnectionOptions } from '../kafka/config.ts'
import { readTopic } from '../kafka/read-topic.ts'

export interface GroupProgressOptions {
  readonly connection: ConnectionOptions
  readonly admin: KafkaJS.Admin
  readonly groupId: string
  readonly shuffleTopic: string
  /** How long a shuffle partition must stay short of its end before its tail is read, ms. */
  readonly stalledMs?: number
}

export const defaultGroupProgressOptions = {
  stalledMs: 500,
} satisfies Partial<GroupProgressOptions>

export interface GroupProgress {
  /**
   * The partitions not yet consumed and committed, as `topic[partition] committed/end`; empty
   * when the group is done. `sourceEnds` holds the end offset of every source partition.
   */
  pending(sourceEnds: ReadonlyMap<string, readonly number[]>): Promise<string[]>
  /**
   * Resolves once nothing is pending while `busy()` (an open transaction) is false, seen twice in
   * a row: offsets and transaction ends are read at different moments. Rejects after `timeoutMs`.
   */
  settle(
    sourceEnds: ReadonlyMap<string, readonly number[]>,
    busy: () => boolean,
    timeoutMs: number,
  ): Promise<void>
}

/**
 * @example
 * const progress = groupProgress({ connection, admin, groupId, shuffleTopic })
 * await progress.settle(new Map([['in', [3, 0]]]), () => processor.busy, 60_000)
 */
export function groupProgress(options: GroupProgressOptions): GroupProgress {
  const { connection, admin, groupId, shuffleTopic, stalledMs } = {
    ...defaultGroupProgressOptions,
    ...options,
  }
  /** Per shuffle partition: the (committed, end) pair last seen, since when, and its verdict. */
  const seen = new Map<number, { at: string; since: number; tailEmpty?: boolean }>()

  /** True when the shuffle partition holds no committed record at or after `committed`. */
  const tailIsEmpty = async (partition: number, committed: number, end: number) => {
    const at = `${committed}/${end}`
    const now = Date.now()
    const last = seen.get(partition)
    if (last?.at !== at) {
      seen.set(partition, { at, since: now })
      return false
    }
    if (last.tailEmpty !== undefined) return last.tailEmpty
    if (now - last.since < stalledMs) return false
    const records = await readTopic(connection, shuffleTopic, {
      partitions: [partition],
      from: { [partition]: committed },
    })
    last.tailEmpty = !records.some((r) => r.offset < end)
    return last.tailEmpty
  }

  const pending: GroupProgress['pending'] = async (sourceEnds) => {
    const committed = await committedOffsets(admin, groupId, [...sourceEnds.keys(), shuffleTopic])
    const behind: string[] = []
    for (const [topic, ends] of sourceEnds) {
      ends.forEach((end, partition) => {
        const at = Math.max(0, committed.get(`${topic}[${partition}]`) ?? 0)
        if (at < end) behind.push(`${topic}[${partition}] ${at}/${end}`)
      })
    }
    // Until the sources are done, the shuffle may still grow: no need to look at it yet.
    if (behind.length > 0) return behind
    const ends = await admin.fetchTopicOffsets(shuffleTopic, {
      isolationLevel: KafkaJS.IsolationLevel.READ_COMMITTED,
    })
    for (const { partition, offset } of ends) {
      const end = Number(offset)
      const at = Math.max(0, committed.get(`${shuffleTopic}[${partition}]`) ?? 0)
      if (at >= end - 1) continue
      if (!(await tailIsEmpty(partition, at, end))) {
        behind.push(`${shuffleTopic}[${partition}] ${at}/${end}`)
      }
    }
    return behind
  }

  return {
    pending,
    async settle(sourceEnds, busy, timeoutMs) {
      const deadline = Date.now() + timeoutMs
      let streak = 0
      for (;;) {
        const behind = busy() ? ['an open transaction'] : await pending(sourceEnds)
        streak = behind.length === 0 && !busy() ? streak + 1 : 0
        if (streak >= 2) return
        if (Date.now() > deadline) {
          const what = `group ${groupId} not caught up after ${timeoutMs} ms`
          throw new Error(`${what}; pending: ${behind.join(', ')}`)
        }
        await sleep(20)
      }
    },
  }
}

/** The group's committed offsets, keyed `topic[partition]`. */
async function committedOffsets(
  admin: KafkaJS.Admin,
  groupId: string,
  topics: string[],
): Promise<Map<string, number>> {
  const fetched = await admin.fetchOffsets({ groupId, topics })
  const offsets = new Map<string, number>()
  for (const { topic, partitions } of fetched) {
    for (const { partition, offset } of partitions) {
      offsets.set(`${topic}[${partition}]`, Number(offset))
    }
  }
  return offsets
}
