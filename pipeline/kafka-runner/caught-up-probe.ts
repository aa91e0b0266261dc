/**
 * Asks the broker whether a consumer group has nothing left to read in a partition: no committed
 * record follows its committed offset (or the partition's start, without one). Stage 1 asks before
 * it declares a silent partition idle, since silence can also mean "not fetched yet": a reader
 * stalled by a rebalance or a broker restart, or a record fetched but not yet committed.
 */
import { hasCommittedRecord } from '../kafka/committed-record.ts'
import { createKafka, type ConnectionOptions } from '../kafka/config.ts'

/** How long a probe may take; one that cannot tell in time says "not caught up". */
const PROBE_TIMEOUT_MS = 5_000

/**
 * Takes a source partition as `<source>/<partition>`. False when the broker cannot tell in time,
 * or is unreachable: the partition then holds the watermark back a while longer.
 */
export type CaughtUpProbe = (upstream: string) => Promise<boolean>

/**
 * @example
 * const caughtUp = createCaughtUpProbe(connection, 'incident-topology', { raw: 'incidents' })
 * await caughtUp('raw/2') // true when the group has read everything in incidents/2
 */
export function createCaughtUpProbe(
  connection: ConnectionOptions,
  groupId: string,
  sourceTopics: Record<string, string>,
): CaughtUpProbe {
  return async (upstream) => {
    const at = upstream.lastIndexOf('/')
    const topic = sourceTopics[upstream.slice(0, at)]
    const partition = Number(upstream.slice(at + 1))
    if (topic === undefined) return false
    return probe(topic, partition).catch(() => false)
  }

  async function probe(topic: string, partition: number): Promise<boolean> {
    const admin = createKafka(connection).admin()
    await admin.connect()
    try {
      const [ends, committed] = await Promise.all([
        admin.fetchTopicOffsets(topic),
        admin.fetchOffsets({ groupId, topics: [topic] }),
      ])
      const end = ends.find((e) => e.partition === partition)
      if (!end) return false
      const at = Number(
        committed[0]?.partitions.find((p) => p.partition === partition)?.offset ?? -1,
      )
      const position = at >= 0 ? at : Number(end.low)
      if (Number(end.high) <= position) return true
      return !(await hasCommittedRecord(connection, topic, partition, position, PROBE_TIMEOUT_MS))
    } finally {
      await admin.disconnect()
    }
  }
}
