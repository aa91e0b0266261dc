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
import { hasCommittedRecord } from '../kafka/committed-record.ts'
import { topicEnds } from '../kafka/topic-ends.ts'
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
 * topic a consumer stops before the commit markers that end a partition, one per producer that
 * wrote it last, so there the end is where no committed record follows and no transaction is
 * open. False while one of the topics does not exist yet (the topology creates its shuffle topic
 * as it starts).
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
      // The end past open transactions too: one left by a killed process hides what follows it.
      const ends = await admin.fetchTopicOffsets(topic)
      const mine = committed.find((c) => c.topic === topic)?.partitions ?? []
      for (const end of ends) {
        const high = Number(end.high)
        const at = Number(mine.find((p) => p.partition === end.partition)?.offset ?? -1)
        if (high === 0 || at === high) continue
        if (!transactional.has(topic)) return false
        if (await hasCommittedRecord(connection, topic, end.partition, Math.max(at, 0)))
          return false
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
 * The partitions of `topic` that the manifest of `table` in `dataDir` has not committed up to
 * `ends`, each with the offset it has committed (the sink's next offset there); undefined while
 * there is no manifest yet. The sink replaces it atomically, so one that exists always parses.
 *
 * @example
 * sinkShortOf(dataDir, 'readings', topic, new Map([[0, 12], [1, 0]])) // Map { 0 => 10 }
 */
export function sinkShortOf(
  dataDir: string,
  table: string,
  topic: string,
  ends: Map<number, number>,
): Map<number, number> | undefined {
  let text: string
  try {
    text = readFileSync(join(dataDir, table, manifestFileName), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  const manifest = JSON.parse(text) as { sources?: Record<string, Record<string, number>> }
  const offsets = manifest.sources?.[topic] ?? {}
  const short = new Map<number, number>()
  for (const [p, end] of ends) if ((offsets[p] ?? 0) < end) short.set(p, offsets[p] ?? 0)
  return short
}

/**
 * True once the file sink has committed every record of the transactional `topic` up to `ends`
 * into `table`: where its manifest is short of an end, only commit markers may follow.
 */
async function sinkCaughtUp(o: CommittedRun, ends: Map<number, number>): Promise<boolean> {
  const short = sinkShortOf(o.dataDir, o.table, o.output, ends)
  if (!short) return false
  for (const [partition, offset] of short) {
    if (await hasCommittedRecord(o.connection, o.output, partition, offset)) return false
  }
  return true
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
      return sinkCaughtUp(o, ends)
    },
    {
      timeoutMs: 300_000,
      intervalMs: 250,
      what: `the file sink to commit every record of ${o.output}`,
    },
  )
}
