/**
 * The in-memory runner: the role of Kafka Streams' TopologyTestDriver. It runs a pipeline through
 * a `PipelineExecutor` and emulates what the Kafka runner does with transactions: each call that
 * feeds records or moves time is one commit, whose outputs become visible and whose state changes
 * go to an emulated compacted changelog, all at once. A failing call commits nothing: the runner
 * recovers from the changelog, as `restart()` does. Event time can also be advanced directly.
 */
import type { StepMetrics } from './compile.ts'
import { type Duration } from './duration.ts'
import { PipelineExecutor } from './executor.ts'
import type { FeedRecord, OutputRecord, RunnerDriver } from './runner-driver.ts'
import { stateRecordKey, type StateSnapshot } from './state.ts'
import type { Pipeline } from './steps.ts'
import type { PartitionProgress } from './watermark.ts'
import type { WindowEntry } from './window-store.ts'

/** Options of `inMemoryRunner`. */
export interface InMemoryRunnerOptions {
  /** Partition count per source; partitions not listed join when first fed. */
  readonly partitions?: Readonly<Record<string, number>>
  /** Idle timeout of a partition, wall-clock; 60s by default. */
  readonly idleTimeout?: Duration
  /** Wall-clock time at start, epoch ms; 0 by default. */
  readonly wallClock?: number
  /** Keep outputs for `outputs()`; true by default. Turn off to only count them (benchmarks). */
  readonly retainOutputs?: boolean
}

/** Defaults of `InMemoryRunnerOptions`. */
export const defaultInMemoryRunnerOptions = {
  partitions: {},
  idleTimeout: 60_000,
  wallClock: 0,
  retainOutputs: true,
} satisfies InMemoryRunnerOptions

/**
 * A `RunnerDriver` that runs in memory, each feed or clock call one emulated transaction; built by
 * `inMemoryRunner`.
 */
export class InMemoryRunner implements RunnerDriver {
  readonly #pipeline: Pipeline
  readonly #options: Required<InMemoryRunnerOptions>
  readonly #outputs = new Map<string, OutputRecord[]>()
  readonly #pending: [string, OutputRecord][] = []
  /** The emulated compacted changelog topic: record key → serialised record. */
  readonly #changelog = new Map<string, string>()
  /** Next offset per source and partition. */
  readonly #nextOffset = new Map<string, number[]>()
  #executor: PipelineExecutor
  #wallClock: number

  constructor(pipeline: Pipeline, options: InMemoryRunnerOptions = {}) {
    this.#pipeline = pipeline
    this.#options = { ...defaultInMemoryRunnerOptions, ...options }
    this.#wallClock = this.#options.wallClock
    this.#executor = this.#newExecutor()
  }

  feed<T>(source: string, records: readonly FeedRecord<T>[]): Promise<void> {
    return this.#commit(() => {
      const offsets = [...(this.#nextOffset.get(source) ?? [])]
      for (const { partition, timestamp, value, offset } of records) {
        const next = offset ?? offsets[partition] ?? 0
        offsets[partition] = next + 1
        this.#executor.process(source, partition, next, timestamp, value)
      }
      this.#nextOffset.set(source, offsets)
    })
  }

  advanceWallClock(ms: number): Promise<void> {
    return this.#commit(() => this.#executor.advanceWallClock((this.#wallClock += ms)))
  }

  /** Moves every partition's stream time to at least `time` (in-memory only: a heartbeat). */
  advanceEventTime(time: number): Promise<void> {
    return this.#commit(() => this.#executor.advanceEventTime(time))
  }

  flush(): Promise<void> {
    return Promise.resolve()
  }

  drain(): Promise<void> {
    return this.#commit(() => this.#executor.drain())
  }

  outputs<T = unknown>(sink: string): Promise<OutputRecord<T>[]> {
    return Promise.resolve([...(this.#outputs.get(sink) ?? [])] as OutputRecord<T>[])
  }

  state(): Promise<StateSnapshot> {
    return Promise.resolve({ version: 1, records: this.#changelogRecords() })
  }

  metrics(): Promise<StepMetrics[]> {
    return Promise.resolve(this.#executor.metrics())
  }

  restart(): Promise<void> {
    this.#executor = this.#recovered()
    return Promise.resolve()
  }

  close(): Promise<void> {
    return Promise.resolve()
  }

  /** Open window entries of a combinePerKey step, in (end, key) order (uncommitted included). */
  windows(step: string): WindowEntry<unknown>[] {
    return this.#executor.windows(step)
  }

  partitions(): PartitionProgress[] {
    return this.#executor.partitions()
  }

  get watermark(): number {
    return this.#executor.watermark
  }

  /** A new executor with the committed state, as after a crash. */
  #recovered(): PipelineExecutor {
    const executor = this.#newExecutor()
    executor.restore(this.#changelogRecords())
    return executor
  }

  #newExecutor(): PipelineExecutor {
    const { partitions, idleTimeout, retainOutputs } = this.#options
    const emit = retainOutputs
      ? (sink: string, value: unknown, timestamp: number) =>
          void this.#pending.push([sink, { value, timestamp }])
      : () => undefined
    return new PipelineExecutor(this.#pipeline, {
      partitions,
      idleTimeout,
      wallClock: this.#wallClock,
      emit,
    })
  }

  /**
   * Runs `work` as one transaction: its outputs, state changes and offsets are kept only if it
   * succeeds; otherwise the executor is recovered from the changelog, as after an abort.
   */
  #commit(work: () => void): Promise<void> {
    try {
      work()
    } catch (error) {
      this.#pending.length = 0
      this.#executor = this.#recovered()
      return Promise.reject(error as Error)
    }
    for (const [sink, record] of this.#pending) {
      const list = this.#outputs.get(sink)
      if (list === undefined) this.#outputs.set(sink, [record])
      else list.push(record)
    }
    this.#pending.length = 0
    for (const record of this.#executor.takeChanges()) {
      const key = stateRecordKey(record)
      if (record.kind === 'window' && record.value === null) this.#changelog.delete(key)
      else this.#changelog.set(key, JSON.stringify(record))
    }
    return Promise.resolve()
  }

  #changelogRecords(): StateSnapshot['records'] {
    return [...this.#changelog.values()].map(
      (json) => JSON.parse(json) as StateSnapshot['records'][number],
    )
  }
}

/**
 * @example
 * const runner = inMemoryRunner(built, { partitions: { raw: 2 } })
 * await runner.feed('raw', [{ partition: 0, timestamp: 0, value: event }])
 * await runner.outputs('enriched')
 */
export function inMemoryRunner(
  pipeline: Pipeline,
  options: InMemoryRunnerOptions = {},
): InMemoryRunner {
  return new InMemoryRunner(pipeline, options)
}
