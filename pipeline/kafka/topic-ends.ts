/** The end of a topic's partitions, past every transaction, open or not. */
import { createKafka, type ConnectionOptions } from './config.ts'

/**
 * The high watermark of each partition of `topic`.
 *
 * @example
 * const ends = await topicEnds(connection, names.enriched) // Map { 0 => 1234, 1 => 998, ... }
 */
export async function topicEnds(
  connection: ConnectionOptions,
  topic: string,
): Promise<Map<number, number>> {
  const admin = createKafka(connection).admin()
  await admin.connect()
  try {
    const offsets = await admin.fetchTopicOffsets(topic)
    return new Map(offsets.map((e) => [e.partition, Number(e.high)]))
  } finally {
    await admin.disconnect()
  }
}
