import { describe, expect, it } from 'vitest'
import { parseIncident } from '../transforms/parse-incident.ts'
import { loadServiceMap } from '../config/service-map-file.ts'
import { createEventGenerator, type GeneratedItem } from './generate-events.ts'
import { createScenarioInjector, type ScenarioInjectorOptions } from './scenario-injector.ts'
import type { ScenarioTruth } from './scenarios/index.ts'

const map = loadServiceMap()
const startTime = Date.UTC(2026, 10, 28, 3)
const MINUTE = 60_000

function run(
  background: Parameters<typeof createEventGenerator>[0],
  options: Partial<ScenarioInjectorOptions>,
  count: number,
) {
  const truths: ScenarioTruth[] = []
  const injector = createScenarioInjector(createEventGenerator({ startTime, ...background }), {
    map,
    onTruth: (truth) => truths.push(truth),
    ...options,
  })
  const items = injector.take(count)
  return { items, truths, injector }
}

const scenarioIds = (items: GeneratedItem[]) =>
  items.filter((i) => 'scenarioId' in i).map((i) => i.eventId)

describe('createScenarioInjector, immediate', () => {
  const options = { seed: 5, kind: 'database-pool-exhaustion', timing: 'immediate' } as const
  const { items, truths } = run({ seed: 5, eventsPerSecond: 10 }, options, 200)

  it('sends the whole scenario at its start, with future event times', () => {
    expect(truths).toHaveLength(1)
    const truth = truths[0] as ScenarioTruth
    const n = truth.event_ids.length
    expect(items.slice(0, n).map((i) => i.eventId)).toEqual(truth.event_ids)
    expect(truth).toMatchObject({
      scenario_id: 'database-pool-exhaustion-5-0',
      start_time: startTime,
      timing: 'immediate',
      truncated: false,
    })
    expect(truth.end_time - truth.start_time).toBeGreaterThan(5 * MINUTE)
  })

  it('leaves the background untouched: item i is still a pure function of (seed, i)', () => {
    const background = items.filter((i) => !('scenarioId' in i))
    expect(background).toEqual(createEventGenerator({ seed: 5, startTime }).take(background.length))
  })

  it('is reproducible from the seed', () => {
    expect(run({ seed: 5 }, options, 200).items).toEqual(items)
    expect(scenarioIds(run({ seed: 6 }, { ...options, seed: 6 }, 200).items)).not.toEqual(
      scenarioIds(items),
    )
  })

  it('sends valid, parseable events keyed by action, from the background source', () => {
    for (const item of items.filter((i) => 'scenarioId' in i)) {
      if (item.kind !== 'valid') throw new Error('scenario items are valid events')
      expect(item.event.source).toBe('generator')
      expect(Date.parse(item.event.timestamp)).toBe(item.eventTime)
      const parsed = parseIncident(item.event, item.eventTime)
      expect(parsed).toMatchObject({
        parse_status: 'parsed',
        action: item.key,
        level: item.event.level,
      })
      expect(parsed).toMatchObject(item.fields)
    }
  })
})

describe('createScenarioInjector, scheduled', () => {
  // 1 background event a second of synthetic time: 2000 items span 33 minutes.
  const options = { seed: 9, kind: 'random', timing: 'scheduled', everyMs: 10 * MINUTE } as const
  const { items, truths, injector } = run({ seed: 9, eventsPerSecond: 1 }, options, 2000)

  it('keeps the stream in event-time order', () => {
    const times = items.map((i) => i.nominalTime)
    expect(times).toEqual([...times].sort((a, b) => a - b))
  })

  it('starts a scenario every everyMs and reports each one once it is complete', () => {
    expect(injector.started).toBe(4)
    for (const truth of truths) {
      expect((truth.start_time - startTime) % (10 * MINUTE)).toBe(0)
      expect(truth.end_time).toBeLessThanOrEqual(startTime + 2000 * 1000)
    }
    const sent = new Set(scenarioIds(items))
    const reported = truths.flatMap((t) => t.event_ids)
    expect(reported.every((id) => sent.has(id))).toBe(true)
    expect(new Set(truths.map((t) => t.index)).size).toBe(truths.length)
  })

  it('returns the truth of the scenarios cut short on stop, with only the events sent', () => {
    const cut = injector.stop()
    expect(cut.length).toBeGreaterThan(0)
    expect(cut.every((t) => t.truncated)).toBe(true)
    const all = [...truths, ...cut].flatMap((t) => t.event_ids)
    expect(new Set(all)).toEqual(new Set(scenarioIds(items)))
    expect(injector.stop()).toEqual([])
  })

  it('sends nothing of a scenario before its time', () => {
    const { items: early } = run(
      { seed: 9, eventsPerSecond: 1 },
      { ...options, firstStartTime: startTime + 5 * MINUTE },
      299,
    )
    expect(scenarioIds(early)).toEqual([])
  })
})

describe('createScenarioInjector options', () => {
  it('refuses a bad interval or timing', () => {
    const background = createEventGenerator()
    expect(() => createScenarioInjector(background, { map, everyMs: 0 })).toThrow(
      'invalid everyMs: 0',
    )
    expect(() =>
      createScenarioInjector(background, { map, timing: 'later' as 'immediate' }),
    ).toThrow('invalid timing: later')
  })
})
