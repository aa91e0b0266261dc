/**
 * The pipeline as data: a list of named steps in topological order, each with its kind, its
 * inputs (a step name and an output tag) and its function. Runners interpret this list; nothing in
 * it is bound to a runner. The in-memory runner and the Kafka runner both execute it through
 * `PipelineExecutor`, which runs stateless steps per record and keeps combine state in window stores.
 */
import type { CombineFn } from './combine.ts'
import type { Window, WindowFn } from './windows.ts'

/** Output tags used across the project. A ParDo may declare others. */
export const MAIN = 'main'
/** The tag of dead letters; the Kafka runner's dead-letter sink has this name too. */
export const DEAD_LETTER = 'dead_letter'
/** The tag of a `combinePerKey`'s output for inputs that arrived after their window closed. */
export const LATE = 'late'

/** One output of one step: the collection a later step reads. */
export interface PortRef {
  readonly step: string
  readonly tag: string
}

/** What a step function knows about the element it is given. */
export interface ElementContext {
  /** Name of the running step. */
  readonly step: string
  /** Timestamp of the element, epoch ms: the source record's until a step assigns event time. */
  readonly timestamp: number
  /** Source the element came from; '' for window results. */
  readonly source: string
  /** Source partition; -1 for window results. */
  readonly partition: number
  /** Source offset; -1 for window results. */
  readonly offset: number
}

/** Context of a ParDo: the element's context plus tagged outputs. */
export interface DoFnContext<O extends Outputs> extends ElementContext {
  /** Sends `value` to output `tag`, with the element's timestamp unless one is given. */
  output<Tag extends keyof O & string>(tag: Tag, value: O[Tag], timestamp?: number): void
}

/** Tag → element type of each output of a ParDo. */
export type Outputs = Record<string, unknown>

/** A ParDo function with the tags it may output to (the first one is the main output). */
export interface DoFn<I, O extends Outputs> {
  readonly tags: readonly (keyof O & string)[]
  process(value: I, ctx: DoFnContext<O>): void
}

/** A keyed element: the input of `combinePerKey`. Keys are strings so state stays JSON. */
export interface KV<V> {
  readonly key: string
  readonly value: V
}

/**
 * Which firing of a window a result is (Beam's PaneInfo), on combines with early firing only:
 * `early` as soon as the condition held, `on_time` when the window closes, saying whether an
 * early pane went before it.
 */
export interface Pane {
  readonly timing: 'early' | 'on_time'
  readonly firedEarly: boolean
}

/** What a windowed combine emits once per window and key when the window closes (and early). */
export interface WindowedValue<O> {
  readonly key: string
  readonly window: Window
  readonly value: O
  /** True when an event for this window and key was sent to the late output before it closed. */
  readonly sawLateInput: boolean
  /** Set on the results of a combine with early firing. */
  readonly pane?: Pane
}

/** The windowing a collection carries, set by `windowInto` (Beam's windowing strategy). */
export interface Windowing {
  readonly windowFn: WindowFn
  /** How long after the window's end (in event time) it stays open, ms. */
  readonly grace: number
}

type Fn<R> = (value: unknown, ctx: ElementContext) => R

interface StepBase {
  readonly name: string
  readonly inputs: readonly PortRef[]
}

export interface SourceStep extends StepBase {
  readonly kind: 'source'
}
export interface MapStep extends StepBase {
  readonly kind: 'map'
  readonly fn: Fn<unknown>
}
export interface FlatMapStep extends StepBase {
  readonly kind: 'flatMap'
  readonly fn: Fn<Iterable<unknown>>
}
export interface FilterStep extends StepBase {
  readonly kind: 'filter'
  readonly fn: Fn<boolean>
}
export interface ParDoStep extends StepBase {
  readonly kind: 'parDo'
  readonly doFn: DoFn<unknown, Outputs>
}
/** Stateless: records each element's event time as its partition's stream time, then passes it on. */
export interface WindowIntoStep extends StepBase, Windowing {
  readonly kind: 'windowInto'
}
/** Stateful: shuffle by key, then combine per window and key; outputs `main` and `late`. */
export interface CombinePerKeyStep extends StepBase, Windowing {
  readonly kind: 'combinePerKey'
  readonly combineFn: CombineFn<unknown, unknown, unknown>
  /**
   * Early firing: after each input, while the window is open and has not fired early, the
   * window's current result goes to the main output as an early pane when this holds of its
   * accumulator (which it must not change) at the current watermark. At most once per window and
   * key; the flag is window state, so it holds across restarts.
   */
  readonly fireEarlyWhen?: (acc: unknown, key: string, window: Window, watermark: number) => boolean
}
export interface FlattenStep extends StepBase {
  readonly kind: 'flatten'
}
export interface OutputStep extends StepBase {
  readonly kind: 'output'
  /** Name of the sink (a topic or file table in the Kafka runner). */
  readonly sink: string
}

/** One step of a pipeline, told apart by `kind`. */
export type Step =
  | SourceStep
  | MapStep
  | FlatMapStep
  | FilterStep
  | ParDoStep
  | WindowIntoStep
  | CombinePerKeyStep
  | FlattenStep
  | OutputStep

/** The kind of a step: `source`, `map`, `combinePerKey`, ... */
export type StepKind = Step['kind']

/** A validated pipeline: steps in topological order, names unique. */
export interface Pipeline {
  readonly steps: readonly Step[]
  readonly sources: readonly string[]
  readonly sinks: readonly string[]
}

/** The output tags a step produces. */
export function outputTags(step: Step): readonly string[] {
  switch (step.kind) {
    case 'parDo':
      return step.doFn.tags
    case 'combinePerKey':
      return [MAIN, LATE]
    case 'output':
      return []
    default:
      return [MAIN]
  }
}
