import { describe, expect, it } from 'vitest'
import {
  distinctAdd,
  distinctCount,
  distinctCountOf,
  distinctEstimate,
  distinctExactLimit,
  distinctUnion,
  type DistinctCount,
} from './distinct-count.ts'

const ids = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `INC-${(from + i).toString(16).padStart(8, '0')}`)

const countOf = (values: readonly string[]): DistinctCount =>
  values.reduce((count, value) => distinctAdd(count, value), distinctCount())

/** A deterministic shuffle (a linear congruential generator), so a failure replays. */
function shuffled<T>(values: readonly T[], seed: number): T[] {
  const out = [...values]
  let state = seed
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    const j = state % (i + 1)
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  return out
}

describe('distinct count', () => {
  it('is exact up to the limit, counting repeats once', () => {
    const values = [...ids(distinctExactLimit), ...ids(10)]
    const count = countOf(values)
    expect(count.kind).toBe('exact')
    expect(distinctEstimate(count)).toBe(distinctExactLimit)
  })

  it('switches to a sketch past the limit and stays within 5% at 200,000 values', () => {
    const count = countOf(ids(200_000))
    expect(count.kind).toBe('sketch')
    expect(Math.abs(distinctEstimate(count) / 200_000 - 1)).toBeLessThan(0.05)
    expect(Math.abs(distinctCountOf(ids(5_000)) / 5_000 - 1)).toBeLessThan(0.05)
  })

  it('stays small however many values it sees', () => {
    const size = (n: number) => JSON.stringify(countOf(ids(n))).length
    expect(size(1_000_000)).toBeLessThan(12_000)
    expect(size(1_000_000)).toBeLessThan(size(distinctExactLimit))
  })

  it('gives the same count whatever the order and grouping of adds and merges', () => {
    for (const n of [500, distinctExactLimit + 1, 3_000, 50_000]) {
      const values = ids(n)
      const expected = distinctCountOf(values)
      for (const seed of [1, 2, 3]) {
        const order = shuffled(values, seed)
        const cuts = [0, n / (seed + 1), n / 2 + seed * 7, n].map(Math.floor)
        const parts = cuts.slice(1).map((end, i) => order.slice(cuts[i], end))
        const union = distinctUnion(parts.map(countOf).reverse())
        expect(distinctEstimate(union)).toBe(expected)
        expect(union).toEqual(countOf(order))
      }
    }
  })

  it('survives a JSON round trip, then keeps counting', () => {
    for (const n of [10, 20_000]) {
      const restored = JSON.parse(JSON.stringify(countOf(ids(n)))) as DistinctCount
      const more = ids(100, n).reduce(distinctAdd, restored)
      expect(distinctEstimate(more)).toBe(distinctCountOf(ids(n + 100)))
    }
  })

  it('counts values that are Object.prototype keys', () => {
    expect(distinctCountOf(['constructor', '__proto__', 'toString', 'constructor'])).toBe(3)
  })
})
