/**
 * A read_committed consumer that watches the enriched topic for the whole chaos run and counts
 * what it sees live, so a duplicate that is visible even for a moment is caught, not only what
 * the topic holds at the end.
 */
import type { Serde } from '@incident-pipeline/dataflow/avro'
import { collectTopic, type Collector } from '@incident-pipeline/dataflow/testing'
import type { ConnectionOptions } from '@incident-pipeline/dataflow/kafka'
import { loadSchema } from '../schemas/catalog.ts'

export interface Watcher {
  /** Event ids seen, and how many were seen more than once. */
  finish(expected: number): Promise<{ seen: number; duplicates: number }>
}

export async function watchTopic(
  connection: ConnectionOptions,
  serde: Serde,
  topic: string,
): Promise<Watcher> {
  const collector: Collector = await collectTopic(topic, connection)
  return {
    async finish(expected) {
      await collector.waitForCount(expected, 30_000).catch(() => undefined)
      await collector.close()
      // The watcher's own consumer re-reads from the start when the broker restart costs it its
      // group session: a record at an offset already seen is a re-read, not a duplicate.
      const byOffset = new Map(collector.records.map((r) => [`${r.partition}:${r.offset}`, r]))
      const decoded = await serde
        .decoder<{ event_id: string }>(loadSchema('enriched-incident').type)
        .decodeBatch([...byOffset.values()].map((r) => r.value))
      const ids = decoded
        .filter((d): d is { event_id: string } => !(d instanceof Error))
        .map((d) => d.event_id)
      return { seen: ids.length, duplicates: ids.length - new Set(ids).size }
    },
  }
}
