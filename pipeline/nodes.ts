/**
 * Compiles one step into a handler `(value, timestamp) => void` that runs the step's function and
 * pushes results to the handlers of its outputs. The per-step context object is allocated once and
 * updated in place for every element. A throwing function becomes a StepError naming the step and
 * the element's origin. Used by `PipelineExecutor`; runners do not call this directly.
 */
import { ConfigError, StepError } from './errors.ts'
import type {
  CombinePerKeyStep,
  DoFnContext,
  ElementContext,
  KV,
  Outputs,
  Step,
  WindowedValue,
} from './steps.ts'
import type { WatermarkTracker } from './watermark.ts'
import { lastWindowStart } from './windows.ts'
import type { WindowEntry, WindowStore } from './window-store.ts'

export type Handler = (value: unknown, timestamp: number) => void

/** Where the element being processed came from; one mutable object per executor. */
export interface Origin {
  source: string
  partition: number
  offset: number
  /** Watermark slot of the partition, -1 for window results. */
  slot: number
}

export interface StepCounters {
  in: number
  late: number
}

export interface NodeEnv {
  readonly origin: Origin
  readonly counters: StepCounters
  readonly tracker: WatermarkTracker
  /** Handler of one output tag of this step. */
  port(tag: string): Handler
  /** The window store of a combinePerKey step. */
  store(): WindowStore<unknown, unknown>
  emit(sink: string, value: unknown, timestamp: number): void
}

type MutableContext = { -readonly [K in keyof ElementContext]: ElementContext[K] }

/**
 * The handler of one step, wired to the handlers of its outputs through `env.port`.
 *
 * @example
 * const handler = compileStep(step, { origin, counters, tracker, port, store, emit })
 * handler(element, timestamp)
 */
export function compileStep(step: Step, env: NodeEnv): Handler {
  const { counters } = env
  switch (step.kind) {
    case 'source':
    case 'flatten': {
      const next = env.port('main')
      return (value, timestamp) => {
        counters.in++
        next(value, timestamp)
      }
    }
    case 'map':
      return compileMap(step.fn, elementScope(step.name, env), env.port('main'))
    case 'flatMap':
      return compileFlatMap(step.fn, elementScope(step.name, env), env.port('main'))
    case 'filter':
      return compileFilter(step.fn, elementScope(step.name, env), env.port('main'))
    case 'parDo':
      return compileParDo(step.doFn, elementScope(step.name, env), env)
    case 'windowInto':
      return compileWindowInto(step.name, env)
    case 'combinePerKey':
      return compileCombine(step, env)
    case 'output': {
      const { sink } = step
      return (value, timestamp) => {
        counters.in++
        env.emit(sink, value, timestamp)
      }
    }
  }
}

type StepOf<K extends Step['kind']> = Extract<Step, { kind: K }>

/** The context a step's function sees, and how an element enters and fails the step. */
interface ElementScope {
  readonly ctx: MutableContext
  enter(timestamp: number): void
  fail(cause: unknown): StepError
}

function stepFailure(name: string, origin: Origin): (cause: unknown) => StepError {
  return (cause) => (cause instanceof StepError ? cause : new StepError(name, origin, cause))
}

function elementScope(name: string, env: NodeEnv): ElementScope {
  const { origin, counters } = env
  const ctx: MutableContext = {
    step: name,
    timestamp: 0,
    source: '',
    partition: -1,
    offset: -1,
  }
  const enter = (timestamp: number): void => {
    counters.in++
    ctx.timestamp = timestamp
    ctx.source = origin.source
    ctx.partition = origin.partition
    ctx.offset = origin.offset
  }
  return { ctx, enter, fail: stepFailure(name, origin) }
}

function compileMap(fn: StepOf<'map'>['fn'], scope: ElementScope, next: Handler): Handler {
  const { ctx, enter, fail } = scope
  return (value, timestamp) => {
    enter(timestamp)
    let out: unknown
    try {
      out = fn(value, ctx)
    } catch (cause) {
      throw fail(cause)
    }
    next(out, timestamp)
  }
}

function compileFlatMap(fn: StepOf<'flatMap'>['fn'], scope: ElementScope, next: Handler): Handler {
  const { ctx, enter, fail } = scope
  return (value, timestamp) => {
    enter(timestamp)
    try {
      for (const item of fn(value, ctx)) next(item, timestamp)
    } catch (cause) {
      throw fail(cause)
    }
  }
}

function compileFilter(fn: StepOf<'filter'>['fn'], scope: ElementScope, next: Handler): Handler {
  const { ctx, enter, fail } = scope
  return (value, timestamp) => {
    enter(timestamp)
    let keep: boolean
    try {
      keep = fn(value, ctx)
    } catch (cause) {
      throw fail(cause)
    }
    if (keep) next(value, timestamp)
  }
}

function compileParDo(doFn: StepOf<'parDo'>['doFn'], scope: ElementScope, env: NodeEnv): Handler {
  const { ctx, enter, fail } = scope
  const ports: Record<string, Handler> = Object.create(null) as Record<string, Handler>
  for (const tag of doFn.tags) ports[tag] = env.port(tag)
  const doCtx = ctx as MutableContext & DoFnContext<Outputs>
  doCtx.output = (tag, value, timestamp = ctx.timestamp) => {
    const port = ports[tag]
    if (port === undefined) throw new ConfigError(`unknown output tag: '${tag}'`)
    if (!Number.isFinite(timestamp)) throw new ConfigError(`invalid output timestamp: ${timestamp}`)
    port(value, timestamp)
  }
  return (value, timestamp) => {
    enter(timestamp)
    try {
      doFn.process(value, doCtx)
    } catch (cause) {
      throw fail(cause)
    }
  }
}

function compileWindowInto(name: string, env: NodeEnv): Handler {
  const { origin, counters, tracker } = env
  const next = env.port('main')
  const fail = stepFailure(name, origin)
  return (value, timestamp) => {
    counters.in++
    if (!Number.isFinite(timestamp))
      throw fail(new Error(`element without event time: ${timestamp}`))
    if (origin.slot >= 0) tracker.observe(origin.slot, timestamp)
    next(value, timestamp)
  }
}

/**
 * An input is late for a window when end + grace <= the watermark (the window closed) or <= its
 * own partition's stream time (the window closed for that partition). The second rule makes the
 * content of a window independent of how partitions interleave. A late input is sent once to the
 * `late` output; each of its windows still open remembers that it saw late input.
 */
function compileCombine(step: CombinePerKeyStep, env: NodeEnv): Handler {
  const { size, advance } = step.windowFn
  const { origin, counters, tracker } = env
  const store = env.store()
  const grace = store.grace
  const late = env.port('late')
  const fail = (cause: unknown): StepError => new StepError(store.step, origin, cause)
  const early = earlyFiring(step, env, fail)
  return (element, timestamp) => {
    counters.in++
    const { key, value } = element as KV<unknown>
    if (typeof key !== 'string')
      throw fail(new Error('combinePerKey needs { key: string, value } elements'))
    const watermark = tracker.watermark
    const horizon =
      origin.slot < 0 ? watermark : Math.max(watermark, tracker.streamTime(origin.slot))
    let isLate = false
    for (
      let start = lastWindowStart(timestamp, advance);
      start + size > timestamp;
      start -= advance
    ) {
      const end = start + size
      if (end + grace > horizon) {
        let entry: WindowEntry<unknown>
        try {
          entry = store.add(start, end, key, value)
        } catch (cause) {
          throw fail(cause)
        }
        early?.(entry, timestamp)
      } else {
        isLate = true
        if (end + grace > watermark) store.markLate(start, end, key)
      }
    }
    if (isLate) {
      counters.late++
      late(element, timestamp)
    }
  }
}

/**
 * The early firing of a combine, if it has one: after an input, a window that has not fired early
 * yet and whose current result meets the condition sends that result, as an early pane with the
 * input's timestamp, to the main output, and remembers it did.
 */
function earlyFiring(
  step: CombinePerKeyStep,
  env: NodeEnv,
  fail: (cause: unknown) => StepError,
): ((entry: WindowEntry<unknown>, timestamp: number) => void) | undefined {
  const when = step.fireEarlyWhen
  if (when === undefined) return undefined
  const store = env.store()
  const main = env.port('main')
  const pane = { timing: 'early', firedEarly: false } as const
  return (entry, timestamp) => {
    if (entry.firedEarly || entry.acc === undefined) return
    const { key, start, end, sawLateInput } = entry
    const window = { start, end }
    let value: unknown
    try {
      if (!when(entry.acc, key, window, env.tracker.watermark)) return
      value = step.combineFn.extractOutput(entry.acc)
    } catch (cause) {
      throw fail(cause)
    }
    store.markFiredEarly(start, end, key)
    const result: WindowedValue<unknown> = { key, window, value, sawLateInput, pane }
    main(result, timestamp)
  }
}
