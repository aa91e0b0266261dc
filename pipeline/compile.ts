/**
 * Wires the steps of a pipeline into handlers: each step's outputs call the handlers of the steps
 * that read them, with a counter per output. Returns the source entry points, the combine steps
 * with their window stores, and a metrics reader. Used by `PipelineExecutor`.
 */
import { PipelineDefinitionError, StepError } from './errors.ts'
import { compileStep, type Handler, type Origin, type StepCounters } from './nodes.ts'
import {
  MAIN,
  outputTags,
  type CombinePerKeyStep,
  type KV,
  type Pipeline,
  type StepKind,
  type WindowedValue,
} from './steps.ts'
import type { WatermarkTracker } from './watermark.ts'
import { WindowStore, type WindowEntry } from './window-store.ts'

/** Counters of one step since its executor was created, as `metrics()` reports them. */
export interface StepMetrics {
  readonly step: string
  readonly kind: StepKind
  /** Elements the step received. */
  readonly in: number
  /** Elements sent to each output tag. */
  readonly out: Readonly<Record<string, number>>
  /** Inputs sent to the late output (combinePerKey only). */
  readonly late: number
}

/**
 * Sends a combine input to the executor that owns its key. `streamTime` is the stream time of
 * `partition` with this element observed (-Infinity for window results): the combine's lateness
 * check needs it, and the owner may not have heard of it from this partition's other elements.
 */
export type ShuffleFn = (
  step: string,
  element: KV<unknown>,
  timestamp: number,
  partition: string,
  streamTime: number,
) => void

export interface CompileEnv {
  readonly origin: Origin
  readonly tracker: WatermarkTracker
  readonly emit: (sink: string, value: unknown, timestamp: number) => void
  readonly shuffle: ShuffleFn | undefined
}

export interface CompiledCombine {
  readonly step: string
  readonly store: WindowStore<unknown, unknown>
  /** The combine itself (bypassing the shuffle). */
  readonly input: Handler
  /** Closes the windows `watermark` has passed and emits their results. */
  close(watermark: number): void
}

export interface CompiledPipeline {
  readonly sources: ReadonlyMap<string, Handler>
  readonly combines: readonly CompiledCombine[]
  metrics(): StepMetrics[]
}

/** Builds from the last step back, so each step's consumers exist when it is built. */
export function compilePipeline(pipeline: Pipeline, env: CompileEnv): CompiledPipeline {
  const consumers = new Map<string, Handler[]>()
  const portKey = (step: string, tag: string): string => `${step}\u0000${tag}`
  const sources = new Map<string, Handler>()
  const combines: CompiledCombine[] = []
  const readers: (() => StepMetrics)[] = []

  for (const step of [...pipeline.steps].reverse()) {
    const counters: StepCounters = { in: 0, late: 0 }
    const counts = new Map<string, { count: number }>()
    const ports = new Map<string, Handler>()
    const port = (tag: string): Handler => {
      let handler = ports.get(tag)
      if (handler === undefined) {
        const counter = { count: 0 }
        counts.set(tag, counter)
        ports.set(tag, (handler = fanOut(counter, consumers.get(portKey(step.name, tag)) ?? [])))
      }
      return handler
    }
    let store: WindowStore<unknown, unknown> | undefined
    const handler = compileStep(step, {
      origin: env.origin,
      counters,
      tracker: env.tracker,
      emit: env.emit,
      port,
      store: () => {
        if (step.kind !== 'combinePerKey')
          throw new PipelineDefinitionError(`step '${step.name}' has no state`)
        return (store ??= new WindowStore(step.name, step.grace, step.combineFn))
      },
    })

    let input = handler
    if (step.kind === 'source') sources.set(step.name, handler)
    if (step.kind === 'combinePerKey' && store !== undefined) {
      const emitEntry = windowEmitter(step, port(MAIN), env.origin)
      const combineStore = store
      combines.unshift({
        step: step.name,
        store: combineStore,
        input: handler,
        close: (watermark) => {
          Object.assign(env.origin, { source: '', partition: -1, offset: -1, slot: -1 })
          combineStore.close(watermark, emitEntry)
        },
      })
      if (env.shuffle !== undefined)
        input = shuffler(step.name, env.shuffle, env.origin, env.tracker)
    }
    for (const { step: from, tag } of step.inputs) {
      // Prepend: steps are visited last first, and consumers should run in declaration order.
      const key = portKey(from, tag)
      consumers.set(key, [input, ...(consumers.get(key) ?? [])])
    }
    const tags = outputTags(step)
    readers.unshift(() => ({
      step: step.name,
      kind: step.kind,
      in: counters.in,
      out: Object.fromEntries(tags.map((tag) => [tag, counts.get(tag)?.count ?? 0])),
      late: counters.late,
    }))
  }
  return { sources, combines, metrics: () => readers.map((read) => read()) }
}

function fanOut(counter: { count: number }, handlers: readonly Handler[]): Handler {
  const [only] = handlers
  if (handlers.length === 0) return () => void counter.count++
  if (handlers.length === 1 && only !== undefined) {
    return (value, timestamp) => {
      counter.count++
      only(value, timestamp)
    }
  }
  return (value, timestamp) => {
    counter.count++
    for (const handler of handlers) handler(value, timestamp)
  }
}

/** Emits a closed window's result; an on-time pane when the combine fires early. */
function windowEmitter(
  step: CombinePerKeyStep,
  main: Handler,
  origin: Origin,
): (entry: WindowEntry<unknown>) => void {
  const panes = step.fireEarlyWhen !== undefined
  return ({ key, start, end, acc, sawLateInput, firedEarly }) => {
    if (acc === undefined) return
    let value: unknown
    try {
      value = step.combineFn.extractOutput(acc)
    } catch (cause) {
      throw new StepError(step.name, origin, cause)
    }
    const result: WindowedValue<unknown> = { key, window: { start, end }, value, sawLateInput }
    main(panes ? { ...result, pane: { timing: 'on_time', firedEarly } } : result, end - 1)
  }
}

function shuffler(
  step: string,
  shuffle: ShuffleFn,
  origin: Origin,
  tracker: WatermarkTracker,
): Handler {
  return (element, timestamp) => {
    shuffle(
      step,
      element as KV<unknown>,
      timestamp,
      tracker.partitionId(origin.slot),
      tracker.streamTime(origin.slot),
    )
  }
}
