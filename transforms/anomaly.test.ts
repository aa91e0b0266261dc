import { describe, expect, it } from 'vitest'
import { anomalyOf, baselineOf, poissonTail } from './anomaly.ts'

/** P(X ≥ k) by summing the probability mass directly, for small cases. */
function directTail(k: number, lambda: number): number {
  let below = 0
  let factorial = 1
  for (let i = 0; i < k; i++) {
    if (i > 0) factorial *= i
    below += (Math.exp(-lambda) * lambda ** i) / factorial
  }
  return 1 - below
}

describe('poissonTail', () => {
  it('matches the summed mass on both sides of the mean', () => {
    for (const [k, lambda] of [
      [1, 0.5],
      [3, 2],
      [5, 1],
      [2, 6],
      [10, 10],
      [15, 4],
    ] as const) {
      expect(poissonTail(k, lambda)).toBeCloseTo(directTail(k, lambda), 10)
    }
  })

  it('keeps tiny tails that 1 minus the mass would round to zero', () => {
    const p = poissonTail(60, 2)
    expect(p).toBeGreaterThan(0)
    expect(p).toBeLessThan(1e-40)
    expect(poissonTail(61, 2)).toBeLessThan(p)
  })

  it('is 1 for nothing observed and 0 when nothing is expected', () => {
    expect(poissonTail(0, 3)).toBe(1)
    expect(poissonTail(1, 0)).toBe(0)
    expect(() => poissonTail(1.5, 1)).toThrow(/invalid count/)
    expect(() => poissonTail(1, -1)).toThrow(/invalid rate/)
  })
})

describe('baselineOf', () => {
  it('leaves out buckets far above the rest, so a past burst does not raise the baseline', () => {
    const quiet = baselineOf([2, 3, 1, 2, 2, 2, 3, 1], 5)
    const withBurst = baselineOf([2, 3, 1, 40, 2, 2, 3, 1], 5)
    expect(withBurst.perMinute).toBeCloseTo(quiet.perMinute, 1)
    expect(withBurst.minutes).toBe(35)
  })

  it('keeps the ordinary buckets of a sparse key, so its rate is not biased low', () => {
    // 4 events in 12 buckets: trimming the top quarter would have left 1.
    expect(baselineOf([0, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0], 5).perMinute).toBeCloseTo(5 / 60)
    // A past incident of 6 events in one bucket of a sparse key is left out.
    expect(baselineOf([0, 1, 0, 0, 6, 0, 0, 1, 0, 1, 0, 0], 5).perMinute).toBeCloseTo(4 / 55)
  })

  it('gives a never-seen key one pseudo event rather than a zero rate', () => {
    expect(baselineOf([0, 0, 0, 0], 5).perMinute).toBeCloseTo(1 / 20)
    expect(baselineOf([], 5).perMinute).toBeCloseTo(1 / 5)
  })
})

describe('anomalyOf', () => {
  it('scores the same count low on a noisy key and high on a quiet one', () => {
    const noisy = anomalyOf(12, baselineOf([10, 12, 9, 11], 5), 5)
    const quiet = anomalyOf(12, baselineOf([0, 1, 0, 0], 5), 5)
    expect(noisy.score).toBeLessThan(1)
    expect(quiet.score).toBeGreaterThan(8)
    expect(quiet.expected).toBeCloseTo((2 / 20) * 5)
  })
})
