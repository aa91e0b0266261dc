/**
 * Runs a pipeline inside the exactly-once loop. Stage 1 executes the stateless steps for the raw
 * partitions this instance owns and sends every combine input to the shuffle topic, keyed by
 * (step, key); at each commit it also sends its partitions' stream times to every shuffle
 * partition, and an idle marker for each partition it read nothing from for the idle timeout.
 * Only the reader can tell a quiet partition from one whose reader died, so stage 2 never decides
 * idleness by wall clock: a partition nobody reads holds the watermark until its next reader
 * catches up, and its backlog is not turned late. Stage 2 keeps one executor per owned shuffle
 * partition, restored from that partition's changelog, and combines what the shuffle brings.
 * Outputs, shuffle records, changelog records and consumed offsets all commit in one transaction.
 *
 * The stages (source-stage.ts, combine-stage.ts) and the outbox are pure; this module wires them
 * to the loop's callbacks; the codecs, the changelog reads and the caught-up probe are given, so
 * the whole runtime runs without a broker in its tests.
 */
import type { EosHandler, InputRecord, TopicPartition } from '../kafka/eos-types.ts'
import type { Logger } from '../log.ts'
import type { StepMetrics } from '../compile.ts'
import type { StepError } from '../errors.ts'
import type { Pipeline } from '../steps.ts'
import { toMillis, type Duration } from '../duration.ts'
import type { CaughtUpProbe } from './caught-up-probe.ts'
import type { Codec } from './codec.ts'
import { CombineStage } from './combine-stage.ts'
import { mergeStepMetrics } from './merge-step-metrics.ts'
import { Outbox } from './outbox.ts'
import { OwnedUpstreams } from './owned-upstreams.ts'
import { screenSourceRecord } from './screen-source-record.ts'
import { SourceStage, type DeadLetterEncoder, type SinkEncoder } from './source-stage.ts'

export type { DeadLetterEncoder, SinkEncoder } from './source-stage.ts'

export interface RuntimeTopics {
  /** Source name → topic. */
  sources: Record<string, string>
  shuffle: string
  changelog: string
}

export interface TopologyRuntimeOptions {
  pipeline: Pipeline
  topics: RuntimeTopics
  sourcePartitions: Record<string, number>
  shufflePartitions: number
  sourceCodecs: Record<string, Codec>
  encodeSink: SinkEncoder
  deadLetter: DeadLetterEncoder
  /** A source partition without events for this long stops holding the watermark back. */
  idleTimeout: Duration
  maxRecordBytes: number
  now: () => number
  log: Logger
  /** Reads a changelog partition from its start to its end (changelog.ts `readChangelogPartition`). */
  readChangelog: (partition: number) => Promise<unknown[]>
  /** Whether the group has read all of a source partition, `<source>/<partition>` (caught-up-probe.ts). */
  caughtUp: CaughtUpProbe
  /** Told of every record a step failed on (it was dead-lettered). */
  onStepError?: (error: StepError) => void
}

const END_OF_TIME = Number.MAX_SAFE_INTEGER

export interface TopologyRuntime extends EosHandler {
  metrics(): StepMetrics[]
  openWindows(): number
  watermark(): number | undefined
}

/** The runtime's parts, shared by the functions below. */
interface Runtime {
  readonly o: TopologyRuntimeOptions
  readonly topicSource: Map<string, string>
  readonly outbox: Outbox
  readonly owned: OwnedUpstreams
  readonly stage1: SourceStage
  readonly stage2: CombineStage
}

/**
 * @example
 * const runtime = createTopologyRuntime({ pipeline, topics, ... })
 * const eos = createEosProcessor({ handler: runtime, topics: [...Object.values(topics.sources), topics.shuffle], ... })
 */
export function createTopologyRuntime(o: TopologyRuntimeOptions): TopologyRuntime {
  const outbox = new Outbox(o.topics.shuffle, o.shufflePartitions)
  const stage1 = new SourceStage({ ...o, outbox })
  const rt: Runtime = {
    o,
    topicSource: new Map(
      Object.entries(o.topics.sources).map(([source, topic]) => [topic, source]),
    ),
    outbox,
    owned: new OwnedUpstreams(toMillis(o.idleTimeout, 'idle timeout')),
    stage1,
    stage2: new CombineStage({
      ...o,
      changelogTopic: o.topics.changelog,
      emit: (sink, value, timestamp) => stage1.emit(sink, value, timestamp),
    }),
  }

  return {
    async process(topic, partition, records) {
      const source = rt.topicSource.get(topic)
      if (source !== undefined) await processSourceBatch(rt, source, partition, records)
      else if (topic === o.topics.shuffle) rt.stage2.process(partition, records)
      return outbox.take()
    },

    async beforeCommit() {
      const now = o.now()
      rt.stage2.advanceWallClock(now)
      for (const record of rt.stage2.takeChangelog()) outbox.output(record)
      stage1.executor.takeChanges()
      await announceIdle(rt, now)
      broadcastNewStreamTimes(rt)
      return outbox.take()
    },

    async tick() {
      const now = o.now()
      rt.stage2.advanceWallClock(now)
      await announceIdle(rt, now)
      return outbox.take()
    },

    onAssigned: (partitions) => assign(rt, partitions),

    onRevoked(partitions: TopicPartition[]) {
      for (const { topic, partition } of partitions) {
        const source = rt.topicSource.get(topic)
        if (source !== undefined) rt.owned.revoke(`${source}/${partition}`)
        if (topic === o.topics.shuffle) rt.stage2.drop(partition)
      }
      if (rt.owned.size === 0) stage1.reset()
      outbox.clear()
    },

    metrics: () =>
      mergeStepMetrics([stage1.executor, ...rt.stage2.executors].map((e) => e.metrics())),
    openWindows: () => rt.stage2.openWindows(),
    watermark: () => rt.stage2.watermark(),
  }
}

async function processSourceBatch(
  rt: Runtime,
  source: string,
  partition: number,
  records: InputRecord[],
): Promise<void> {
  const { o, outbox } = rt
  const codec = o.sourceCodecs[source]
  if (!codec) throw new Error(`no codec for source '${source}'`)
  const decoded = await codec.decodeBatch(records.map((r) => r.value ?? Buffer.alloc(0)))
  rt.owned.read(`${source}/${partition}`, o.now())
  records.forEach((record, i) => {
    const screened = screenSourceRecord(record, decoded[i], o.maxRecordBytes)
    if (screened.kind === 'end_of_input') broadcast(rt, `${source}/${partition}`, END_OF_TIME)
    else if (screened.kind === 'dead_letter')
      outbox.output(o.deadLetter(record, screened.reason, screened.detail, 'decode'))
    else rt.stage1.process(source, record, screened.value)
  })
}

function broadcast(rt: Runtime, upstream: string, time: number): void {
  rt.owned.sentStreamTime(upstream, time)
  rt.outbox.broadcast({ kind: 'stream_time', upstream, time })
}

/** Sends each owned partition's stream time to every shuffle partition when it moved. */
function broadcastNewStreamTimes(rt: Runtime): void {
  for (const progress of rt.stage1.executor.partitions()) {
    if (!rt.owned.has(progress.partition) || !Number.isFinite(progress.streamTime)) continue
    if (rt.owned.isNewStreamTime(progress.partition, progress.streamTime))
      broadcast(rt, progress.partition, progress.streamTime)
  }
}

async function announceIdle(rt: Runtime, now: number): Promise<void> {
  for (const upstream of await rt.owned.toAnnounce(now, rt.o.caughtUp))
    rt.outbox.broadcast({ kind: 'idle', upstream })
}

/** Restores assigned shuffle partitions from their changelog, then starts owning the sources. */
async function assign(rt: Runtime, partitions: TopicPartition[]): Promise<void> {
  const { o } = rt
  const restoring = partitions.filter((p) => p.topic === o.topics.shuffle)
  await Promise.all(
    restoring.map(async ({ partition }) => {
      const started = Date.now()
      const records = await o.readChangelog(partition)
      rt.stage2.restore(partition, records)
      o.log.info(
        { partition, records: records.length, ms: Date.now() - started },
        'state restored from the changelog',
      )
    }),
  )
  // Silence counts from when reading can start, after the restore.
  for (const { topic, partition } of partitions) {
    const source = rt.topicSource.get(topic)
    if (source !== undefined) rt.owned.assign(`${source}/${partition}`, o.now())
  }
}
