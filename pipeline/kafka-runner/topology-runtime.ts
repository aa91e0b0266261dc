/**
 * Runs a pipeline inside the exactly-once loop. Stage 1 executes the stateless steps for the raw
 * partitions this instance owns and sends every combine input to the shuffle topic, keyed by
 * (step, key); at each commit it also sends its partitions' stream times to every shuffle
 * partition, and an idle marker for each partition it read nothing from for the idle timeout.
 * Only the reader can tell a quiet partition from one whose reader died, so stage 2 never decides
 * idleness by wall clock: a partition nobody reads holds the watermark until its next reader
 * catches up, and its backlog is not turned late. Stage 2 keeps one executor per owned shuffle partition, restored from that
 * partition's changelog, and combines what the shuffle brings. Outputs, shuffle records,
 * changelog records and consumed offsets all commit in one transaction.
 */
import type { ConnectionOptions } from '../kafka/config.ts'
import type { EosHandler, InputRecord, OutputRecord, TopicPartition } from '../kafka/eos-types.ts'
import type { Logger } from '../log.ts'
import type { StepMetrics } from '../compile.ts'
import { StepError } from '../errors.ts'
import { PipelineExecutor } from '../executor.ts'
import type { Pipeline } from '../steps.ts'
import type { CaughtUpProbe } from './caught-up-probe.ts'
import { changelogRecord, readChangelogPartition } from './changelog.ts'
import { mergeStepMetrics } from './merge-step-metrics.ts'
import { OwnedUpstreams } from './owned-upstreams.ts'
import { screenSourceRecord } from './screen-source-record.ts'
import type { Codec } from './codec.ts'
import {
  decodeShuffleRecords,
  encodeShuffleRecords,
  shufflePartition,
  type ShuffleRecord,
} from './shuffle-records.ts'

export interface RuntimeTopics {
  /** Source name → topic. */
  sources: Record<string, string>
  shuffle: string
  changelog: string
}

/** Turns a sink element into the record to produce; `input` is the record being processed. */
export type SinkEncoder = (
  sink: string,
  value: unknown,
  timestamp: number,
  input: InputRecord | undefined,
) => OutputRecord

/** Dead-letters a source record that could not be decoded or is too large. */
export type DeadLetterEncoder = (
  input: InputRecord,
  reason: string,
  detail: string,
  step: string,
) => OutputRecord

export interface TopologyRuntimeOptions {
  pipeline: Pipeline
  topics: RuntimeTopics
  sourcePartitions: Record<string, number>
  shufflePartitions: number
  sourceCodecs: Record<string, Codec>
  encodeSink: SinkEncoder
  deadLetter: DeadLetterEncoder
  idleTimeoutMs: number
  maxRecordBytes: number
  now: () => number
  connection: ConnectionOptions
  log: Logger
  /** Whether the group has read all of a source partition, `<source>/<partition>` (caught-up-probe.ts). */
  caughtUp: CaughtUpProbe
  /** Told of every record a step failed on (it was dead-lettered). */
  onStepError?: (error: StepError) => void
}

/** Shuffle records per Kafka record: well under the topic's 1 MB record limit. */
const SHUFFLE_BATCH = 250
const END_OF_TIME = Number.MAX_SAFE_INTEGER

export interface TopologyRuntime extends EosHandler {
  metrics(): StepMetrics[]
  openWindows(): number
  watermark(): number | undefined
}

/**
 * @example
 * const runtime = createTopologyRuntime({ pipeline, topics, ... })
 * const eos = createEosProcessor({ handler: runtime, topics: [...Object.values(topics.sources), topics.shuffle], ... })
 */
export function createTopologyRuntime(o: TopologyRuntimeOptions): TopologyRuntime {
  const topicSource = new Map(
    Object.entries(o.topics.sources).map(([source, topic]) => [topic, source]),
  )
  const stage2 = new Map<number, PipelineExecutor>()
  const owned = new OwnedUpstreams(o.idleTimeoutMs)
  let out: OutputRecord[] = []
  // Shuffle records wait per partition and leave in batches (see take()).
  let shuffled: ShuffleRecord[][] = Array.from({ length: o.shufflePartitions }, () => [])
  let current: InputRecord | undefined

  const emit = (sink: string, value: unknown, timestamp: number): void => {
    out.push(o.encodeSink(sink, value, timestamp, current))
  }
  const shuffle = (
    step: string,
    element: { key: string; value: unknown },
    timestamp: number,
    upstream: string,
    streamTime: number,
  ): void => {
    shuffled[shufflePartition(step, element.key, o.shufflePartitions)]?.push({
      kind: 'element',
      step,
      upstream,
      element,
      timestamp,
      ...(Number.isFinite(streamTime) ? { streamTime } : {}),
    })
  }
  const newStage1 = (): PipelineExecutor =>
    new PipelineExecutor(o.pipeline, {
      emit,
      shuffle,
      idleTimeout: o.idleTimeoutMs,
      wallClock: o.now(),
    })
  const newStage2 = (): PipelineExecutor =>
    new PipelineExecutor(o.pipeline, {
      emit,
      partitions: o.sourcePartitions,
      announcedIdleness: true,
      wallClock: o.now(),
    })
  let stage1 = newStage1()

  function broadcast(upstream: string, time: number): void {
    owned.sentStreamTime(upstream, time)
    for (const pending of shuffled) pending.push({ kind: 'stream_time', upstream, time })
  }

  async function announceIdle(now: number): Promise<void> {
    for (const upstream of await owned.toAnnounce(now, o.caughtUp)) {
      for (const pending of shuffled) pending.push({ kind: 'idle', upstream })
    }
  }

  function processSource(source: string, record: InputRecord, value: unknown): void {
    const mark = out.length
    const marks = shuffled.map((pending) => pending.length)
    current = record
    try {
      stage1.process(source, record.partition, record.offset, record.timestamp, value)
    } catch (error) {
      if (!(error instanceof StepError)) throw error
      // Drop what the failed record emitted, dead-letter it, and start from a clean executor.
      out.length = mark
      shuffled.forEach((pending, q) => (pending.length = marks[q] ?? 0))
      out.push(o.deadLetter(record, 'processing_error', error.message, error.step))
      o.onStepError?.(error)
      stage1 = newStage1()
    } finally {
      current = undefined
    }
  }

  async function processSourceBatch(
    source: string,
    partition: number,
    records: InputRecord[],
    lag: number,
  ): Promise<void> {
    const codec = o.sourceCodecs[source]
    if (!codec) throw new Error(`no codec for source '${source}'`)
    const decoded = await codec.decodeBatch(records.map((r) => r.value ?? Buffer.alloc(0)))
    owned.read(`${source}/${partition}`, o.now(), lag)
    records.forEach((record, i) => {
      const screened = screenSourceRecord(record, decoded[i], o.maxRecordBytes)
      if (screened.kind === 'end_of_input') broadcast(`${source}/${partition}`, END_OF_TIME)
      else if (screened.kind === 'dead_letter')
        out.push(o.deadLetter(record, screened.reason, screened.detail, 'decode'))
      else processSource(source, record, screened.value)
    })
  }

  function processShuffle(partition: number, records: InputRecord[]): void {
    const executor = stage2.get(partition)
    if (!executor) throw new Error(`shuffle partition ${partition} is not restored`)
    for (const record of records) {
      for (const r of decodeShuffleRecords(record.value ?? Buffer.alloc(0))) {
        if (r.kind === 'stream_time') executor.observeStreamTime(r.upstream, r.time)
        else if (r.kind === 'idle') executor.markIdle(r.upstream)
        else {
          // The upstream's other elements may have gone to other shuffle partitions: take its
          // stream time from the element, so lateness is judged as in one executor.
          if (r.streamTime !== undefined) executor.observeStreamTime(r.upstream, r.streamTime)
          executor.processShuffled(r.step, r.upstream, r.element, r.timestamp)
        }
      }
    }
  }

  const take = (): OutputRecord[] => {
    const taken = out
    shuffled.forEach((pending, partition) => {
      for (let i = 0; i < pending.length; i += SHUFFLE_BATCH) {
        const value = encodeShuffleRecords(pending.slice(i, i + SHUFFLE_BATCH))
        taken.push({ topic: o.topics.shuffle, partition, key: null, value })
      }
    })
    out = []
    shuffled = shuffled.map(() => [])
    return taken
  }

  return {
    async process(topic, partition, records, lag) {
      const source = topicSource.get(topic)
      if (source !== undefined) await processSourceBatch(source, partition, records, lag)
      else if (topic === o.topics.shuffle) processShuffle(partition, records)
      return take()
    },

    async beforeCommit() {
      const now = o.now()
      for (const [q, executor] of stage2) {
        executor.advanceWallClock(now)
        for (const change of executor.takeChanges())
          out.push(changelogRecord(o.topics.changelog, q, change))
      }
      stage1.takeChanges()
      await announceIdle(now)
      for (const progress of stage1.partitions()) {
        if (!owned.has(progress.partition) || !Number.isFinite(progress.streamTime)) continue
        if (owned.isNewStreamTime(progress.partition, progress.streamTime))
          broadcast(progress.partition, progress.streamTime)
      }
      return take()
    },

    async tick() {
      const now = o.now()
      for (const executor of stage2.values()) executor.advanceWallClock(now)
      await announceIdle(now)
      return take()
    },

    async onAssigned(partitions: TopicPartition[]) {
      const restoring = partitions.filter((p) => p.topic === o.topics.shuffle)
      await Promise.all(
        restoring.map(async ({ partition }) => {
          const started = Date.now()
          const records = await readChangelogPartition(o.connection, o.topics.changelog, partition)
          const executor = newStage2()
          executor.restore(records)
          executor.takeChanges()
          stage2.set(partition, executor)
          o.log.info(
            { partition, records: records.length, ms: Date.now() - started },
            'state restored from the changelog',
          )
        }),
      )
      // Silence counts from when reading can start, after the restore.
      for (const { topic, partition } of partitions) {
        const source = topicSource.get(topic)
        if (source !== undefined) owned.assign(`${source}/${partition}`, o.now())
      }
    },

    onRevoked(partitions: TopicPartition[]) {
      for (const { topic, partition } of partitions) {
        const source = topicSource.get(topic)
        if (source !== undefined) owned.revoke(`${source}/${partition}`)
        if (topic === o.topics.shuffle) stage2.delete(partition)
      }
      if (owned.size === 0) stage1 = newStage1()
      out = []
      shuffled = shuffled.map(() => [])
    },

    metrics() {
      return mergeStepMetrics([stage1, ...stage2.values()].map((executor) => executor.metrics()))
    },

    openWindows() {
      let n = 0
      for (const executor of stage2.values()) {
        for (const step of o.pipeline.steps)
          if (step.kind === 'combinePerKey') n += executor.windows(step.name).length
      }
      return n
    },

    watermark() {
      const marks = [...stage2.values()].map((e) => e.watermark)
      return marks.length > 0 ? Math.min(...marks) : undefined
    },
  }
}
