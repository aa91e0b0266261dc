/**
 * Mixes incident scenarios into the generator's background stream. It wraps an event generator
 * and is one itself, so the send loop does not change. Scenario `k` of a run starts at
 * `firstStartTime + k * everyMs` on the stream's own clock (the nominal time of the background
 * item about to be sent: the wall clock in the CLI, synthetic time in tests). With `scheduled`
 * timing each scenario event is sent once that clock reaches its event time; with `immediate`
 * timing all of a scenario's events are sent as soon as it starts, with their future event times.
 * Background item `i` is still a pure function of (seed, i): scenarios never consume its streams.
 * A scenario's ground truth is handed to `onTruth` when its last event has been sent; `stop()`
 * returns the truth of those cut short.
 */
import { incidentTemplates, renderTemplate } from '../transforms/incident-templates.ts'
import type { ServiceMap } from '../transforms/service-map.ts'
import type { EventGenerator, EventItem, GeneratedItem } from './generate-events.ts'
import {
  planScenario,
  scenarioTruth,
  type ScenarioChoice,
  type ScenarioPlan,
} from './scenarios/plan-scenario.ts'
import type { ScenarioTiming, ScenarioTruth, ScheduledEvent } from './scenarios/scenario-types.ts'

export interface ScenarioInjectorOptions {
  /** uint32 seed of the run; scenarios draw from their own streams of it. */
  seed: number
  kind: ScenarioChoice
  /** Time between the starts of two scenarios, ms. */
  everyMs: number
  /** Start of scenario 0, epoch ms; undefined: the time of the first background item. */
  firstStartTime: number | undefined
  timing: ScenarioTiming
  map: ServiceMap
  /** `source` field of the scenario events; the background's, so they cannot be told apart. */
  source: string
  /** Receives each scenario's plan when it starts (before its first event is sent). */
  onStart: ((plan: ScenarioPlan) => void) | undefined
  /** Receives each scenario's ground truth once its last event has been sent. */
  onTruth: ((truth: ScenarioTruth) => void) | undefined
}

export const defaultScenarioInjectorOptions = {
  seed: 1,
  kind: 'random',
  everyMs: 300_000,
  firstStartTime: undefined,
  timing: 'scheduled',
  source: 'generator',
  onStart: undefined,
  onTruth: undefined,
} satisfies Omit<ScenarioInjectorOptions, 'map'>

/** A scenario event as the send loop sees it: a valid event, plus its scenario. */
export interface ScenarioEventItem extends EventItem {
  /** Position of the event in its scenario (not a background index). */
  index: number
  scenarioId: string
}

export interface ScenarioInjector extends EventGenerator {
  /** Scenarios started so far. */
  readonly started: number
  /**
   * Ends the run: the ground truth of every started scenario that sent some but not all of its
   * events, marked truncated and listing only the events sent.
   */
  stop(): ScenarioTruth[]
}

const levels = new Map(incidentTemplates.map((t) => [t.action, t.level]))
const templates = new Map(incidentTemplates.map((t) => [t.action, t]))

function toItem(event: ScheduledEvent, position: number, source: string): ScenarioEventItem {
  const template = templates.get(event.action)
  const level = levels.get(event.action)
  if (template === undefined || level === undefined) {
    throw new Error(`invalid scenario event action: ${event.action}`)
  }
  return {
    kind: 'valid',
    index: position,
    key: event.action,
    eventId: event.eventId,
    nominalTime: event.eventTime,
    eventTime: event.eventTime,
    outOfOrder: false,
    fields: event.fields,
    scenarioId: event.scenarioId,
    event: {
      event_id: event.eventId,
      timestamp: new Date(event.eventTime).toISOString(),
      level,
      message: renderTemplate(template, event.fields),
      source,
    },
  }
}

interface Running {
  plan: ScenarioPlan
  sent: ScheduledEvent[]
}

function injectorOptions(
  options: Partial<ScenarioInjectorOptions> & Pick<ScenarioInjectorOptions, 'map'>,
): ScenarioInjectorOptions {
  const o: ScenarioInjectorOptions = { ...defaultScenarioInjectorOptions, ...options }
  if (!(Number.isSafeInteger(o.everyMs) && o.everyMs > 0)) {
    throw new Error(`invalid everyMs: ${o.everyMs}`)
  }
  if (o.timing !== 'scheduled' && o.timing !== 'immediate') {
    throw new Error(`invalid timing: ${String(o.timing)}`)
  }
  return o
}

/**
 * @example
 * const injector = createScenarioInjector(createEventGenerator({ seed: 5, clock: Date.now }), {
 *   seed: 5, kind: 'random', map: loadServiceMap(), onTruth: (truth) => publish(truth),
 * })
 * await produce(producer, injector, encoders, { rate: 20 })
 */
export function createScenarioInjector(
  background: EventGenerator,
  options: Partial<ScenarioInjectorOptions> & Pick<ScenarioInjectorOptions, 'map'>,
): ScenarioInjector {
  const o = injectorOptions(options)
  let held: GeneratedItem | undefined
  let nextStart = o.firstStartTime
  let started = 0
  let index = 0
  // Events of every running scenario not sent yet, in event-time order.
  let pending: ScheduledEvent[] = []
  const running = new Map<string, Running>()

  const start = (startTime: number): void => {
    const plan = planScenario({
      kind: o.kind,
      seed: o.seed,
      index: started++,
      startTime,
      map: o.map,
      timing: o.timing,
    })
    running.set(plan.id, { plan, sent: [] })
    o.onStart?.(plan)
    pending = [...pending, ...plan.events].sort((a, b) => a.eventTime - b.eventTime)
  }

  const send = (event: ScheduledEvent): ScenarioEventItem => {
    const scenario = running.get(event.scenarioId)
    if (scenario === undefined) throw new Error(`unknown scenario: ${event.scenarioId}`)
    scenario.sent.push(event)
    if (scenario.sent.length === scenario.plan.events.length) {
      running.delete(event.scenarioId)
      o.onTruth?.(scenarioTruth(scenario.plan))
    }
    return toItem(event, scenario.sent.length - 1, o.source)
  }

  const next = (): GeneratedItem => {
    held ??= background.next()
    const now = held.nominalTime
    nextStart ??= now
    while (nextStart <= now) {
      start(nextStart)
      nextStart += o.everyMs
    }
    index++
    const due = pending[0]
    if (due !== undefined && (o.timing === 'immediate' || due.eventTime <= now)) {
      pending.shift()
      return send(due)
    }
    const item = held
    held = undefined
    return item
  }

  return {
    get index() {
      return index
    },
    get started() {
      return started
    },
    next,
    take(count) {
      if (!(Number.isSafeInteger(count) && count >= 0)) throw new Error(`invalid count: ${count}`)
      return Array.from({ length: count }, next)
    },
    *[Symbol.iterator]() {
      for (;;) yield next()
    },
    stop() {
      const cut = cutTruths(running)
      running.clear()
      pending = []
      return cut
    },
  }
}

/** The truth of every running scenario that sent something, cut at what it sent. */
function cutTruths(running: ReadonlyMap<string, Running>) {
  return [...running.values()]
    .filter((r) => r.sent.length > 0)
    .map((r) => scenarioTruth(r.plan, r.sent))
}
