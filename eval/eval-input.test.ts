import { describe, expect, it } from 'vitest'
import { scenarioKinds } from '../generator/scenarios/scenario-types.ts'
import { loadServiceMap } from '../config/service-map-file.ts'
import { evalInput, type EvalInputOptions } from './eval-input.ts'

const hour = 3_600_000
const options: EvalInputOptions = {
  seed: 7,
  perKind: 3,
  noiseRate: 0.05,
  kinds: scenarioKinds,
  t0: Date.UTC(2026, 10, 1),
  map: loadServiceMap(),
}

describe('evalInput', () => {
  const inputs = evalInput(options)

  it('gives every kind its scenarios, seed and slot, with an hour of silence between slots', () => {
    expect(inputs.map((i) => i.kind)).toEqual([...scenarioKinds])
    inputs.forEach((input, i) => {
      expect(input.seed).toBe(7 + i)
      expect(input.start).toBe(options.t0 + i * 5 * hour)
      expect(input.end - input.start).toBe(4 * hour)
      expect(input.plans.map((p) => p.kind)).toEqual([input.kind, input.kind, input.kind])
      for (const item of input.items) {
        expect(item.eventTime).toBeGreaterThanOrEqual(input.start)
        expect(item.eventTime).toBeLessThan(input.end)
      }
    })
  })

  it('includes every event of every scored scenario, with ids unique across kinds', () => {
    const ids = inputs.flatMap((i) => i.items.map((item) => item.eventId))
    expect(new Set(ids).size).toBe(ids.length)
    for (const input of inputs) {
      const sent = new Set(input.items.map((item) => item.eventId))
      for (const plan of input.plans)
        expect(plan.truth.event_ids.every((id) => sent.has(id))).toBe(true)
    }
  })

  it('lists every scenario whose events were sent, the cut-off one after the scored ones', () => {
    for (const input of inputs) {
      expect(input.injected.slice(0, 3)).toEqual(input.plans)
      const planned = new Set(input.injected.flatMap((p) => p.events.map((e) => e.eventId)))
      const background = input.items.filter((item) => !planned.has(item.eventId))
      expect(input.items.length - background.length).toBeGreaterThan(
        input.plans.reduce((n, p) => n + p.events.length, 0),
      )
      expect(background.every((item) => !('scenarioId' in item))).toBe(true)
    }
  })

  it('evaluates the same input for a kind alone as in a full run', () => {
    const [alone] = evalInput({ ...options, kinds: ['disk-filling'] })
    expect(alone).toEqual(inputs.find((i) => i.kind === 'disk-filling'))
  })
})
