/**
 * Turns a scenario kind's draft into a scheduled plan: its own seeded random stream (scenario
 * `index` of a run with `seed`, apart from the background events' streams), event times from the
 * start time, and the ground truth. Same seed, index, kind and map: same events, same ids.
 */
import type { ServiceMap } from '../../transforms/service-map.ts'
import { createRandom, type Random } from '../random.ts'
import { badDeploy } from './bad-deploy.ts'
import { databasePoolExhaustion } from './database-pool-exhaustion.ts'
import { ddos } from './ddos.ts'
import { diskFilling } from './disk-filling.ts'
import { networkPartition } from './network-partition.ts'
import {
  scenarioKinds,
  type ScenarioDefinition,
  type ScenarioKind,
  type ScenarioTiming,
  type ScenarioTruth,
  type ScheduledEvent,
} from './scenario-types.ts'

export const scenarioDefinitions = {
  'database-pool-exhaustion': databasePoolExhaustion,
  ddos,
  'bad-deploy': badDeploy,
  'disk-filling': diskFilling,
  'network-partition': networkPartition,
} as const satisfies Record<ScenarioKind, ScenarioDefinition>

/** Streams from here on are scenarios' (background event `i` uses stream `i`). */
export const SCENARIO_STREAM_BASE = 2 ** 52

/** A scenario kind, or `random` for a kind drawn from the scenario's own stream. */
export type ScenarioChoice = ScenarioKind | 'random'

export interface PlanScenarioOptions {
  kind: ScenarioChoice
  /** uint32 seed of the run. */
  seed: number
  /** Number of the scenario in the run. */
  index: number
  /** Event time of the scenario's start, epoch ms. */
  startTime: number
  map: ServiceMap
  timing: ScenarioTiming
}

/** A scenario placed in time, with its ground truth. */
export interface ScenarioPlan {
  id: string
  kind: ScenarioKind
  /** In event-time order. */
  events: ScheduledEvent[]
  truth: ScenarioTruth
}

/**
 * The random stream of scenario `index` of a run.
 *
 * @example
 * scenarioRandom(5, 0).int(1, 6) // the same die roll on every run
 */
export function scenarioRandom(seed: number, index: number): Random {
  if (!(Number.isSafeInteger(index) && index >= 0 && index < SCENARIO_STREAM_BASE)) {
    throw new Error(`invalid scenario index: ${index}`)
  }
  return createRandom(seed, SCENARIO_STREAM_BASE + index)
}

/**
 * The ground truth of the events of a plan that were actually sent (all of them by default).
 *
 * @example
 * const truth = scenarioTruth(plan, plan.events.slice(0, 3)) // truncated after 3 events
 */
export function scenarioTruth(
  plan: ScenarioPlan,
  sent: readonly ScheduledEvent[] = plan.events,
): ScenarioTruth {
  const { truth } = plan
  const affected = new Set([truth.root_service, ...sent.map((e) => e.service)])
  return {
    ...truth,
    end_time: sent.at(-1)?.eventTime ?? truth.start_time,
    affected_services: [...affected],
    event_ids: sent.map((e) => e.eventId),
    events: sent.map((e) => ({
      event_id: e.eventId,
      event_time: e.eventTime,
      action: e.action,
      service: e.service,
      system_id: e.fields.system_id ?? null,
      incident_id: e.fields.incident_id ?? null,
    })),
    truncated: sent.length < plan.events.length,
  }
}

/**
 * Plans scenario `index` of a run. Pure.
 *
 * @example
 * const plan = planScenario({ kind: 'ddos', seed: 5, index: 0, startTime: Date.now(), map, timing: 'immediate' })
 * plan.truth.root_service // 'load-balancer' or 'cdn'
 */
export function planScenario(options: PlanScenarioOptions): ScenarioPlan {
  const { seed, index, startTime, map, timing } = options
  if (!Number.isSafeInteger(startTime)) throw new Error(`invalid startTime: ${startTime}`)
  const random = scenarioRandom(seed, index)
  const kind = options.kind === 'random' ? random.pick(scenarioKinds) : options.kind
  const definition: ScenarioDefinition | undefined = scenarioDefinitions[kind]
  if (definition === undefined) throw new Error(`invalid scenario kind: ${String(kind)}`)
  const draft = definition.plan(random, map)
  const id = `${kind}-${seed}-${index}`
  const events = draft.events.map((e) => ({
    ...e,
    scenarioId: id,
    eventTime: startTime + e.offsetMs,
  }))
  const head: ScenarioPlan = {
    id,
    kind,
    events,
    truth: {
      scenario_id: id,
      kind,
      seed,
      index,
      root_service: draft.rootService,
      root_category: draft.rootCategory,
      start_time: events[0]?.eventTime ?? startTime,
      end_time: startTime,
      affected_services: [],
      event_ids: [],
      events: [],
      timing,
      truncated: false,
    },
  }
  return { ...head, truth: scenarioTruth(head) }
}
