/**
 * Runs a pipeline: the engine both runners share. A runner calls, for each source record,
 * `process(source, partition, offset, timestamp, value)`; before each commit,
 * `advanceWallClock(now)` and then `takeChanges()`, whose records go to the compacted changelog
 * in the same transaction as the outputs; on (re)assignment, a new executor and
 * `restore(changelog records)`. Outputs go to `emit(sink, value, timestamp)` synchronously. Closed
 * windows are emitted after the record (or clock tick) that moved the watermark, in step order,
 * then in (window end, key) order. After any thrown error the executor's state is unknown:
 * abort, and restore a new executor from the changelog.
 */
import {
  compilePipeline,
  type CompiledCombine,
  type CompiledPipeline,
  type ShuffleFn,
  type StepMetrics,
} from './compile.ts'
import { toMillis, type Duration } from './duration.ts'
import { ConfigError, StateError } from './errors.ts'
import type { Origin } from './nodes.ts'
import { parseStateRecord, type StateRecord, type StateSnapshot } from './state.ts'
import type { KV, Pipeline } from './steps.ts'
import { WatermarkTracker, type PartitionProgress } from './watermark.ts'
import type { WindowEntry } from './window-store.ts'

/** Options of `PipelineExecutor`. */
export interface ExecutorOptions {
  /** Sink callback; runs synchronously for every output element. */
  readonly emit: (sink: string, value: unknown, timestamp: number) => void
  /** Partitions per source this executor owns; each holds the watermark back until it is idle. */
  readonly partitions?: Readonly<Record<string, number>>
  /** Wall-clock time without events after which a partition is idle; 60s by default. */
  readonly idleTimeout?: Duration
  /**
   * When true, partitions become idle only through `markIdle`, never by wall clock: an executor
   * behind a shuffle cannot tell a quiet partition from one nobody reads, so its reader decides.
   */
  readonly announcedIdleness?: boolean
  /** Wall-clock time at start, epoch ms (`Date.now()` in production): idleness counts from it. */
  readonly wallClock: number
  /**
   * When set, elements reaching a combinePerKey go here instead (to be repartitioned by key), and
   * the executor that owns the key combines them with `processShuffled`.
   */
  readonly shuffle?: ShuffleFn
}

/** Defaults of the optional `ExecutorOptions`: a 60 s idle timeout. */
export const defaultExecutorOptions = { idleTimeout: 60_000 } satisfies Partial<ExecutorOptions>

/** End of input: the watermark under which every window closes. */
const END_OF_TIME = Number.MAX_SAFE_INTEGER

/**
 * @example
 * const emit = (sink: string, value: unknown) => outputs.push([sink, value])
 * const executor = new PipelineExecutor(built, { partitions: { raw: 2 }, wallClock: Date.now(), emit })
 * executor.process('raw', 0, 0, Date.parse('2026-11-28T03:00:00Z'), event)
 * changelog.write(executor.takeChanges())
 */
export class PipelineExecutor {
  readonly pipeline: Pipeline
  readonly #tracker: WatermarkTracker
  readonly #origin: Origin = { source: '', partition: -1, offset: -1, slot: -1 }
  readonly #slots = new Map<string, number[]>()
  readonly #compiled: CompiledPipeline

  constructor(pipeline: Pipeline, options: ExecutorOptions) {
    const { idleTimeout, wallClock } = { ...defaultExecutorOptions, ...options }
    this.pipeline = pipeline
    const idleTimeoutMs = toMillis(idleTimeout, 'idle timeout')
    this.#tracker = new WatermarkTracker({
      idleTimeoutMs: options.announcedIdleness === true ? Infinity : idleTimeoutMs,
      now: wallClock,
    })
    for (const [source, count] of Object.entries(options.partitions ?? {})) {
      if (!pipeline.sources.includes(source))
        throw new ConfigError(`invalid partitions: unknown source '${source}'`)
      for (let partition = 0; partition < count; partition++) this.#slot(source, partition)
    }
    const env = {
      origin: this.#origin,
      tracker: this.#tracker,
      emit: options.emit,
      shuffle: options.shuffle,
    }
    this.#compiled = compilePipeline(pipeline, env)
  }

  get watermark(): number {
    return this.#tracker.watermark
  }

  /** Processes one source record, then closes the windows the watermark has passed. */
  process(
    source: string,
    partition: number,
    offset: number,
    timestamp: number,
    value: unknown,
  ): void {
    const handler = this.#compiled.sources.get(source)
    if (handler === undefined) throw new ConfigError(`unknown source: '${source}'`)
    const origin = this.#origin
    origin.source = source
    origin.partition = partition
    origin.offset = offset
    origin.slot = this.#slot(source, partition)
    handler(value, timestamp)
    this.#afterInput()
  }

  /** Combines an element that a `shuffle` sent here, from partition id `partition`. */
  processShuffled(step: string, partition: string, element: KV<unknown>, timestamp: number): void {
    const combine = this.#combine(step)
    const slot = this.#tracker.slot(partition)
    Object.assign(this.#origin, { source: '', partition: -1, offset: -1, slot })
    this.#tracker.observe(slot, timestamp)
    combine.input(element, timestamp)
    this.#afterInput()
  }

  /**
   * Records that partition `partition` (an id) has reached stream time `time`: how an executor
   * behind a shuffle learns the progress of origin partitions that sent it no element lately.
   */
  observeStreamTime(partition: string, time: number): void {
    this.#tracker.observe(this.#tracker.slot(partition), time)
    this.#afterInput()
  }

  /** Partition id `partition` is idle (its reader is caught up and heard nothing lately). */
  markIdle(partition: string): void {
    this.#tracker.markIdle(this.#tracker.slot(partition))
    this.#afterInput()
  }

  /** Moves wall-clock time to `now` (epoch ms): partitions may become idle and windows close. */
  advanceWallClock(now: number): void {
    this.#tracker.advanceWallClock(now)
    this.#afterInput()
  }

  /** Moves every partition's stream time to at least `time`, as a heartbeat would. */
  advanceEventTime(time: number): void {
    this.#tracker.advanceTo(time)
    this.#afterInput()
  }

  /** End of input: closes every window; later events are late. */
  drain(): void {
    this.advanceEventTime(END_OF_TIME)
  }

  partitions(): PartitionProgress[] {
    return this.#tracker.partitions()
  }

  /** Open window entries of one combinePerKey step, in (end, key) order. */
  windows(step: string): WindowEntry<unknown>[] {
    return this.#combine(step).store.entries()
  }

  metrics(): StepMetrics[] {
    return this.#compiled.metrics()
  }

  /** State records changed since the last call: write them to the changelog in the same commit. */
  takeChanges(): StateRecord[] {
    const out: StateRecord[] = []
    this.#tracker.takeChanges(out)
    for (const { store } of this.#compiled.combines) store.takeChanges(out)
    return out
  }

  /** The whole state. Accumulators are shared, not copied: serialise before processing more. */
  snapshot(): StateSnapshot {
    const records: StateRecord[] = []
    this.#tracker.snapshot(records)
    for (const { store } of this.#compiled.combines) store.snapshot(records)
    return { version: 1, records }
  }

  /** Restores snapshot or changelog records (validated, applied in order). */
  restore(records: Iterable<unknown>): void {
    for (const input of records) {
      const record = parseStateRecord(input)
      if (record.kind !== 'window') {
        this.#tracker.restore(record)
        continue
      }
      const combine = this.#compiled.combines.find((c) => c.step === record.step)
      if (combine === undefined)
        throw new StateError(`invalid state record: unknown step '${record.step}'`)
      combine.store.restore(record)
    }
    this.#tracker.update()
  }

  #combine(step: string): CompiledCombine {
    const combine = this.#compiled.combines.find((c) => c.step === step)
    if (combine === undefined) throw new ConfigError(`unknown combinePerKey step: '${step}'`)
    return combine
  }

  #slot(source: string, partition: number): number {
    let slots = this.#slots.get(source)
    if (slots === undefined) this.#slots.set(source, (slots = []))
    return (slots[partition] ??= this.#tracker.slot(`${source}/${partition}`))
  }

  #afterInput(): void {
    this.#tracker.update()
    const watermark = this.#tracker.watermark
    for (const combine of this.#compiled.combines) {
      if (combine.store.nextCloseTime <= watermark) combine.close(watermark)
    }
  }
}
