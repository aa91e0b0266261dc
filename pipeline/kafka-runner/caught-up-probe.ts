/**
 * Asks the broker whether a consumer group has nothing left to read in a partition: its committed
 * offset (or the partition's start, without one) is at the end, a transaction marker aside. Stage 1
 * uses it before declaring idle a partition it has read nothing from since it was assigned, since
 * silence there can mean "empty" or "not fetched yet".
 */
import { createKafka, type ConnectionOptions } from '../kafka/config.ts'

/** Takes a source partition as `<source>/<partition>`. */
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
      return Number(end.high) - position <= 1
    } finally {
      await admin.disconnect()
    }
  }
}
