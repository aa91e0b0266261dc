/**
 * The analysis evaluation's input, the same for every path it takes through the pipeline: per
 * scenario kind, the real generator's background noise with one scenario an hour from the
 * scenario injector, on a synthetic clock. All kinds end up in one data set, so each kind gets a
 * time slot and a seed of its own, both from its place in `scenarioKinds` (so `--kinds ddos`
 * evaluates exactly the ddos input of a full run). Slots are `perKind + 1` hours long and an hour
 * apart, so correlation by service and time (±30 minutes) never mixes kinds. Kind `i` is seeded
 * `seed + i`: scenario `k` of every kind draws from stream `k` of its seed, so with one seed the
 * kinds would share event ids, incident ids and system ids. Pure.
 */
import { createEventGenerator, type EventItem } from '../generator/generate-events.ts'
import { createScenarioInjector } from '../generator/scenario-injector.ts'
import type { ScenarioPlan } from '../generator/scenarios/plan-scenario.ts'
import { scenarioKinds, type ScenarioKind } from '../generator/scenarios/scenario-types.ts'
import type { ServiceMap } from '../transforms/service-map.ts'

export interface EvalInputOptions {
  seed: number
  perKind: number
  /** Background events per second of event time. */
  noiseRate: number
  kinds: readonly ScenarioKind[]
  /** Start of the first kind's slot, epoch ms. */
  t0: number
  map: ServiceMap
}

export interface KindInput {
  kind: ScenarioKind
  seed: number
  /** The kind's time slot `[start, end)`, epoch ms. */
  start: number
  end: number
  /** The scenarios to score, in start order. */
  plans: ScenarioPlan[]
  /**
   * Every scenario started in the slot, in start order: the scored ones, then the one that
   * starts in its last half hour, cut off at `end` (its later events were not sent).
   */
  injected: ScenarioPlan[]
  /** Background and scenario events, in the order the injector sends them. */
  items: EventItem[]
}

const hour = 3_600_000

function kindInput(kind: ScenarioKind, o: EvalInputOptions): KindInput {
  const slot = scenarioKinds.indexOf(kind)
  const seed = (o.seed + slot) % 0x1_0000_0000
  const start = o.t0 + slot * (o.perKind + 2) * hour
  const end = start + (o.perKind + 1) * hour
  const plans: ScenarioPlan[] = []
  const injector = createScenarioInjector(
    createEventGenerator({ seed, startTime: start, eventsPerSecond: o.noiseRate }),
    {
      seed,
      kind,
      map: o.map,
      everyMs: hour,
      firstStartTime: start + hour / 2,
      timing: 'immediate',
      onStart: (p) => plans.push(p),
    },
  )
  const items: EventItem[] = []
  for (;;) {
    const item = injector.next()
    // The background has no poison (poisonFraction 0); a dead-lettered event could not be
    // scored anyway, and only a broker could dead-letter it.
    if (item.kind === 'poison') continue
    if (item.nominalTime >= end) break
    items.push(item)
  }
  return { kind, seed, start, end, plans: plans.slice(0, o.perKind), injected: plans, items }
}

/**
 * @example
 * const input = evalInput({ seed: 7, perKind: 20, noiseRate: 0.05, kinds: ['ddos'], t0, map })
 * input[0].plans.length // 20
 */
export function evalInput(o: EvalInputOptions): KindInput[] {
  const inputs = o.kinds.map((kind) => kindInput(kind, o))
  const seen = new Set<string>()
  for (const { kind, items } of inputs) {
    for (const { eventId } of items) {
      if (seen.has(eventId)) throw new Error(`duplicate event id in the ${kind} input: ${eventId}`)
      seen.add(eventId)
    }
  }
  return inputs
}
