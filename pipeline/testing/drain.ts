/**
 * Telling when a topology run over a finite input is over, for harnesses that stop the real
 * topology only once everything is committed (the chaos test, the analysis evaluation): an
 * end-of-input marker after the last record of each source partition, the topology's consumer
 * group caught up with its source and shuffle topics, and the exactly-once file sink's manifest
 * past the last offset of the enriched topic.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createKafka, type ConnectionOptions } from '../kafka/config.ts'
import { manifestFileName } from '../sinks/manifest.ts'
import type { FastProducer } from '../kafka/fast-producer.ts'
import { END_OF_INPUT_HEADER } from '../kafka-runner/screen-source-record.ts'
import { waitFor } from './wait-for.ts'

/**
 * Sends the end-of-input marker to every partition of `topic`, after everything else sent.
 *
 * @example
 * await sendEndOfInput(producer, names.raw, 3)
 */
export async function sendEndOfInput(
  producer: FastProducer,
  topic: string,
  partitions: number,
): Promise<void> {
  for (let partition = 0; partition < partitions; partition++) {
    await producer.produce(topic, null, Buffer.alloc(0), partition, [
      { [END_OF_INPUT_HEADER]: '1' },
    ])
  }
}

/**
 * True once `group` has committed the end of every partition of `topics`. On a transactional
 * topic the last offset is the commit marker, which a consumer may stop just before. False while
 * one of the topics does not exist yet (the topology creates its shuffle topic as it starts).
 *
 * @example
 * await waitFor(() => drained(connection, group, [raw, shuffle], new Set([shuffle])))
 */
export async function drained(
  connection: ConnectionOptions,
  group: string,
  topics: string[],
  transactional: Set<string>,
): Promise<boolean> {
  const admin = createKafka(connection).admin()
  await admin.connect()
  try {
    const committed = await admin.fetchOffsets({ groupId: group, topics })
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic, { isolationLevel: 1 } as never)
      const mine = committed.find((c) => c.topic === topic)?.partitions ?? []
      for (const end of ends) {
        const high = Number(end.high)
        const at = Number(mine.find((p) => p.partition === end.partition)?.offset ?? -1)
        const done = high === 0 || at === high || (transactional.has(topic) && at === high - 1)
        if (!done) return false
      }
    }
    return true
  } catch (error) {
    if ((error as { type?: string }).type === 'ERR_UNKNOWN_TOPIC_OR_PART') return false
    throw error
  } finally {
    await admin.disconnect()
  }
}

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

/**
 * True once the manifest of `table` in `dataDir` has committed `topic` up to `ends` (the last
 * offset of a transactional topic is a commit marker, never a row). False while there is no
 * manifest yet; the sink replaces it atomically, so one that exists always parses.
 *
 * @example
 * await waitFor(async () => sinkCaughtUp(dataDir, 'readings', topic, await topicEnds(connection, topic)))
 */
export function sinkCaughtUp(
  dataDir: string,
  table: string,
  topic: string,
  ends: Map<number, number>,
): boolean {
  let text: string
  try {
    text = readFileSync(join(dataDir, table, manifestFileName), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw error
  }
  const manifest = JSON.parse(text) as { sources?: Record<string, Record<string, number>> }
  const offsets = manifest.sources?.[topic] ?? {}
  return [...ends].every(([p, end]) => end === 0 || (offsets[p] ?? 0) >= end - 1)
}

/** What `waitUntilCommitted` waits on: a topology run feeding a file sink. */
export interface CommittedRun {
  connection: ConnectionOptions
  /** The topology's consumer group; its shuffle topic is `<group>.shuffle`. */
  group: string
  /** The topology's source topic. */
  source: string
  /** A table of the file sink in `dataDir`, and the topology output topic it reads. */
  table: string
  output: string
  dataDir: string
  /** Called on every poll; throws to give up early (e.g. the topology keeps dying). */
  check?: () => void
}

/**
 * Waits until the topology has drained its source and shuffle topics and the file sink has
 * committed every record of `output` into `table`: when this resolves, the run can be stopped
 * and verified.
 *
 * @example
 * await waitUntilCommitted({ connection, group, source: 'readings', table: 'means', output: 'readings.means', dataDir })
 */
export async function waitUntilCommitted(o: CommittedRun): Promise<void> {
  const shuffle = `${o.group}.shuffle`
  await waitFor(
    () => {
      o.check?.()
      return drained(o.connection, o.group, [o.source, shuffle], new Set([shuffle]))
    },
    { timeoutMs: 600_000, intervalMs: 500, what: 'the topology to drain' },
  )
  const ends = await topicEnds(o.connection, o.output)
  await waitFor(
    () => {
      o.check?.()
      return sinkCaughtUp(o.dataDir, o.table, o.output, ends)
    },
    {
      timeoutMs: 300_000,
      intervalMs: 250,
      what: `the file sink to commit every record of ${o.output}`,
    },
  )
}
