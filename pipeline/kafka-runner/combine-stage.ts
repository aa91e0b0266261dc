/**
 * Stage 2 of the Kafka runner: one executor per owned shuffle partition, restored from that
 * partition's changelog, combines what the shuffle brings. Its watermark comes from the stream
 * time and idle markers of every upstream, never from its own wall clock, and its state changes
 * leave as changelog records at each commit.
 */
import type { InputRecord, OutputRecord } from '../kafka/eos-types.ts'
import { PipelineExecutor } from '../executor.ts'
import type { Pipeline } from '../steps.ts'
import { changelogRecord } from './changelog.ts'
import { decodeShuffleRecords } from './shuffle-records.ts'

export interface CombineStageOptions {
  readonly pipeline: Pipeline
  readonly sourcePartitions: Record<string, number>
  readonly changelogTopic: string
  readonly emit: (sink: string, value: unknown, timestamp: number) => void
  readonly now: () => number
}

export class CombineStage {
  readonly #o: CombineStageOptions
  readonly #executors = new Map<number, PipelineExecutor>()

  constructor(o: CombineStageOptions) {
    this.#o = o
  }

  get executors(): Iterable<PipelineExecutor> {
    return this.#executors.values()
  }

  /** Takes ownership of a shuffle partition, with its state replayed from `changelog`. */
  restore(partition: number, changelog: unknown[]): void {
    const executor = new PipelineExecutor(this.#o.pipeline, {
      emit: this.#o.emit,
      partitions: this.#o.sourcePartitions,
      announcedIdleness: true,
      wallClock: this.#o.now(),
    })
    executor.restore(changelog)
    executor.takeChanges()
    this.#executors.set(partition, executor)
  }

  drop(partition: number): void {
    this.#executors.delete(partition)
  }

  /** Applies one shuffle partition's records: markers move its watermark, elements combine. */
  process(partition: number, records: InputRecord[]): void {
    const executor = this.#executors.get(partition)
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

  /** Moves every executor's wall clock to `now` (it fires processing-time work only). */
  advanceWallClock(now: number): void {
    for (const executor of this.#executors.values()) executor.advanceWallClock(now)
  }

  /** The state changes since the last call, as changelog records of their shuffle partitions. */
  takeChangelog(): OutputRecord[] {
    const records: OutputRecord[] = []
    for (const [q, executor] of this.#executors) {
      for (const change of executor.takeChanges())
        records.push(changelogRecord(this.#o.changelogTopic, q, change))
    }
    return records
  }

  /** Open windows over every combine step and owned shuffle partition. */
  openWindows(): number {
    let n = 0
    for (const executor of this.#executors.values()) {
      for (const step of this.#o.pipeline.steps)
        if (step.kind === 'combinePerKey') n += executor.windows(step.name).length
    }
    return n
  }

  /** The lowest watermark over owned shuffle partitions; undefined when none is owned. */
  watermark(): number | undefined {
    const marks = [...this.#executors.values()].map((e) => e.watermark)
    return marks.length > 0 ? Math.min(...marks) : undefined
  }
}
