/**
 * Stage 1 of the Kafka runner: one executor runs the stateless steps for the source partitions
 * this instance owns and routes each combine input to the shuffle partition that owns its
 * (step, key), carrying the upstream's stream time. A record a step fails on is dead-lettered:
 * what it emitted is rolled back and the executor starts clean.
 */
import type { InputRecord, OutputRecord } from '../kafka/eos-types.ts'
import type { Duration } from '../duration.ts'
import { StepError } from '../errors.ts'
import { PipelineExecutor } from '../executor.ts'
import type { Pipeline } from '../steps.ts'
import type { Outbox } from './outbox.ts'
import { shufflePartition } from './shuffle-records.ts'

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

export interface SourceStageOptions {
  readonly pipeline: Pipeline
  readonly outbox: Outbox
  readonly shufflePartitions: number
  readonly encodeSink: SinkEncoder
  readonly deadLetter: DeadLetterEncoder
  readonly idleTimeout: Duration
  readonly now: () => number
  /** Told of every record a step failed on (it was dead-lettered). */
  readonly onStepError?: (error: StepError) => void
}

export class SourceStage {
  readonly #o: SourceStageOptions
  #executor: PipelineExecutor
  #current: InputRecord | undefined

  constructor(o: SourceStageOptions) {
    this.#o = o
    this.#executor = this.#newExecutor()
  }

  /** The executor, for its partitions' progress and metrics. */
  get executor(): PipelineExecutor {
    return this.#executor
  }

  /** Runs one decoded source record through the stateless steps. */
  process(source: string, record: InputRecord, value: unknown): void {
    const { outbox } = this.#o
    const mark = outbox.mark()
    this.#current = record
    try {
      this.#executor.process(source, record.partition, record.offset, record.timestamp, value)
    } catch (error) {
      if (!(error instanceof StepError)) throw error
      outbox.rollback(mark)
      outbox.output(this.#o.deadLetter(record, 'processing_error', error.message, error.step))
      this.#o.onStepError?.(error)
      this.reset()
    } finally {
      this.#current = undefined
    }
  }

  /** Starts over with a new executor (after a failure, or once no source partition is owned). */
  reset(): void {
    this.#executor = this.#newExecutor()
  }

  /** Emits a sink element of either stage; stage 1's carry the record being processed. */
  emit(sink: string, value: unknown, timestamp: number): void {
    this.#o.outbox.output(this.#o.encodeSink(sink, value, timestamp, this.#current))
  }

  #newExecutor(): PipelineExecutor {
    const { pipeline, outbox, shufflePartitions, idleTimeout, now } = this.#o
    return new PipelineExecutor(pipeline, {
      emit: (sink, value, timestamp) => this.emit(sink, value, timestamp),
      shuffle: (step, element, timestamp, upstream, streamTime) =>
        outbox.shuffle(shufflePartition(step, element.key, shufflePartitions), {
          kind: 'element',
          step,
          upstream,
          element,
          timestamp,
          ...(Number.isFinite(streamTime) ? { streamTime } : {}),
        }),
      idleTimeout,
      wallClock: now(),
    })
  }
}
