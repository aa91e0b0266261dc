/**
 * Collections, Beam's PCollection: each method of a Collection appends one named step to its
 * pipeline builder and returns the collection that step outputs. Nothing runs here.
 */
import type { CombineFn } from './combine.ts'
import { toMillis, type Duration } from './duration.ts'
import { PipelineDefinitionError } from './errors.ts'
import type { PipelineBuilder } from './pipeline-builder.ts'
import {
  LATE,
  MAIN,
  type DoFn,
  type ElementContext,
  type FilterStep,
  type FlatMapStep,
  type KV,
  type MapStep,
  type Outputs,
  type PortRef,
  type WindowedValue,
  type Windowing,
} from './steps.ts'
import type { Window, WindowFn } from './windows.ts'

/** Options of `Collection.windowInto`. */
export interface WindowIntoOptions {
  /** How long after its end a window still accepts events (event time); 0 by default. */
  readonly grace?: Duration
  /** Step name; `windowInto(<window fn>)` by default. */
  readonly name?: string
}

/** Options of `Collection.combinePerKey`. */
export interface CombineOptions<A> {
  /**
   * Early firing: an early pane of the window's result as soon as this holds of its accumulator
   * at the watermark after an input (at most once per window and key), besides the on-time one.
   */
  readonly fireEarlyWhen?: (acc: A, key: string, window: Window, watermark: number) => boolean
}

/** The outputs of a windowed `combinePerKey`. */
export interface CombineResult<I, O> {
  /** One element per window and key, when the window closes, in (window end, key) order. */
  readonly main: Collection<WindowedValue<O>>
  /** Inputs that arrived after one of their windows had closed. */
  readonly late: Collection<KV<I>>
}

type StatelessStep =
  | Omit<MapStep, 'name' | 'inputs'>
  | Omit<FlatMapStep, 'name' | 'inputs'>
  | Omit<FilterStep, 'name' | 'inputs'>

/** What `parDo` returns: one collection per output tag of its DoFn. */
export type TaggedCollections<O extends Outputs> = { readonly [Tag in keyof O]: Collection<O[Tag]> }

/** A handle on one output of one step: the elements a later step can read. */
export class Collection<T> {
  readonly builder: PipelineBuilder
  readonly port: PortRef
  readonly windowing: Windowing | undefined

  constructor(builder: PipelineBuilder, port: PortRef, windowing: Windowing | undefined) {
    this.builder = builder
    this.port = port
    this.windowing = windowing
  }

  map<U>(name: string, fn: (value: T, ctx: ElementContext) => U): Collection<U> {
    return this.#then(name, { kind: 'map', fn: fn as (value: unknown, ctx: ElementContext) => U })
  }

  flatMap<U>(name: string, fn: (value: T, ctx: ElementContext) => Iterable<U>): Collection<U> {
    return this.#then(name, {
      kind: 'flatMap',
      fn: fn as (value: unknown, ctx: ElementContext) => Iterable<U>,
    })
  }

  filter<S extends T>(
    name: string,
    fn: (value: T, ctx: ElementContext) => value is S,
  ): Collection<S>
  filter(name: string, fn: (value: T, ctx: ElementContext) => boolean): Collection<T>
  filter(name: string, fn: (value: T, ctx: ElementContext) => boolean): Collection<T> {
    return this.#then(name, {
      kind: 'filter',
      fn: fn as (value: unknown, ctx: ElementContext) => boolean,
    })
  }

  /** A step with tagged outputs (main, dead_letter, ...); returns one collection per tag. */
  parDo<O extends Outputs>(name: string, doFn: DoFn<T, O>): TaggedCollections<O> {
    if (doFn.tags.length === 0)
      throw new PipelineDefinitionError(`parDo '${name}' declares no output tags`)
    this.builder.add({
      kind: 'parDo',
      name,
      inputs: [this.port],
      doFn: doFn as DoFn<unknown, Outputs>,
    })
    const outputs: Record<string, Collection<unknown>> = {}
    for (const tag of doFn.tags)
      outputs[tag] = new Collection(this.builder, { step: name, tag }, this.windowing)
    return outputs as unknown as TaggedCollections<O>
  }

  /** Assigns event-time windows; `combinePerKey` downstream combines per window and key. */
  windowInto(windowFn: WindowFn, options: WindowIntoOptions = {}): Collection<T> {
    const windowing = { windowFn, grace: toMillis(options.grace ?? 0, 'grace') }
    const name = options.name ?? `windowInto(${windowFn.description})`
    this.builder.add({ kind: 'windowInto', name, inputs: [this.port], ...windowing })
    return new Collection<T>(this.builder, { step: name, tag: MAIN }, windowing)
  }

  /** Combines the values of each key within each window; needs `windowInto` upstream. */
  combinePerKey<I, A, O>(
    this: Collection<KV<I>>,
    name: string,
    combineFn: CombineFn<I, A, O>,
    options: CombineOptions<A> = {},
  ): CombineResult<I, O> {
    const windowing = this.windowing
    if (windowing === undefined) {
      throw new PipelineDefinitionError(`combinePerKey '${name}' needs windowInto upstream`)
    }
    const fn = combineFn as unknown as CombineFn<unknown, unknown, unknown>
    this.builder.add({
      kind: 'combinePerKey',
      name,
      inputs: [this.port],
      combineFn: fn,
      ...windowing,
      ...(options.fireEarlyWhen && {
        fireEarlyWhen: options.fireEarlyWhen as (
          acc: unknown,
          key: string,
          window: Window,
          watermark: number,
        ) => boolean,
      }),
    })
    return {
      main: new Collection(this.builder, { step: name, tag: MAIN }, undefined),
      late: new Collection(this.builder, { step: name, tag: LATE }, windowing),
    }
  }

  /** Applies a composite transform, a plain function of this collection. */
  apply<U>(transform: (input: this) => U): U {
    return transform(this)
  }

  /** Sends the elements to the named sink. */
  output(sink: string): void {
    this.builder.add({ kind: 'output', name: `output:${sink}`, inputs: [this.port], sink })
  }

  #then<U>(name: string, step: StatelessStep): Collection<U> {
    this.builder.add({ ...step, name, inputs: [this.port] })
    return new Collection<U>(this.builder, { step: name, tag: MAIN }, this.windowing)
  }
}

/**
 * Merges collections of one pipeline into one (Beam's Flatten).
 *
 * @example
 * flatten('all-alerts', [thresholdAlerts, rateAlerts]).output('alerts')
 */
export function flatten<T>(name: string, collections: readonly Collection<T>[]): Collection<T> {
  const [first] = collections
  if (first === undefined)
    throw new PipelineDefinitionError(`flatten '${name}' needs at least one input`)
  if (collections.some((c) => c.builder !== first.builder)) {
    throw new PipelineDefinitionError(`flatten '${name}' mixes collections of different pipelines`)
  }
  first.builder.add({ kind: 'flatten', name, inputs: collections.map((c) => c.port) })
  const same = collections.every((c) => c.windowing === first.windowing)
  return new Collection<T>(
    first.builder,
    { step: name, tag: MAIN },
    same ? first.windowing : undefined,
  )
}
