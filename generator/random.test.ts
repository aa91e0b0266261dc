import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createRandom } from './random.ts'

describe('createRandom', () => {
  it('is deterministic per (seed, stream)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffff_ffff }), fc.nat(), (seed, stream) => {
        const a = createRandom(seed, stream)
        const b = createRandom(seed, stream)
        for (let i = 0; i < 8; i++) expect(a.uint32()).toBe(b.uint32())
      }),
    )
  })

  it('gives distinct streams for neighbouring seeds and stream numbers', () => {
    const firsts = new Set<string>()
    for (let seed = 0; seed < 50; seed++) {
      for (let stream = 0; stream < 200; stream++) {
        const r = createRandom(seed, stream)
        firsts.add(`${r.uint32()}:${r.uint32()}`)
      }
    }
    expect(firsts.size).toBe(50 * 200)
    const far = createRandom(1, 2 ** 40)
    const near = createRandom(1, 0)
    expect(far.uint32()).not.toBe(near.uint32())
  })

  it('draws uniform floats, also across consecutive streams', () => {
    const n = 40_000
    const buckets = new Array<number>(10).fill(0)
    const pairs = new Array<number>(16).fill(0)
    let previous = createRandom(9, 0).next()
    for (let stream = 1; stream <= n; stream++) {
      const x = createRandom(9, stream).next()
      expect(x).toBeGreaterThanOrEqual(0)
      expect(x).toBeLessThan(1)
      const bucket = Math.floor(x * 10)
      const pair = Math.floor(previous * 4) * 4 + Math.floor(x * 4)
      buckets[bucket] = (buckets[bucket] ?? 0) + 1
      pairs[pair] = (pairs[pair] ?? 0) + 1
      previous = x
    }
    // Chi-square against uniform; the 99.9% critical values are 27.9 (9 dof) and 37.7 (15 dof).
    const chi = (counts: number[]) => {
      const expected = n / counts.length
      return counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0)
    }
    expect(chi(buckets)).toBeLessThan(27.9)
    expect(chi(pairs)).toBeLessThan(37.7)
  })

  it('int stays within inclusive bounds and reaches both ends', () => {
    const r = createRandom(3)
    const seen = new Set<number>()
    for (let i = 0; i < 2000; i++) {
      const v = r.int(5, 9)
      expect(Number.isInteger(v) && v >= 5 && v <= 9).toBe(true)
      seen.add(v)
    }
    expect([...seen].sort()).toEqual([5, 6, 7, 8, 9])
  })

  it('weighted follows the weights', () => {
    const r = createRandom(4)
    const counts = { a: 0, b: 0, c: 0 }
    const n = 30_000
    for (let i = 0; i < n; i++) counts[r.weighted(['a', 'b', 'c'] as const, [6, 3, 1])]++
    expect(counts.a / n).toBeCloseTo(0.6, 1)
    expect(counts.b / n).toBeCloseTo(0.3, 1)
    expect(counts.c / n).toBeCloseTo(0.1, 1)
  })

  it('rejects bad input, naming the value', () => {
    expect(() => createRandom(-1)).toThrow('invalid seed: -1')
    expect(() => createRandom(2 ** 32)).toThrow('invalid seed: 4294967296')
    expect(() => createRandom(1.5)).toThrow('invalid seed: 1.5')
    expect(() => createRandom(1, -2)).toThrow('invalid stream: -2')
    expect(() => createRandom(1).pick([])).toThrow('empty list')
    expect(() => createRandom(1).weighted([1, 2], [1])).toThrow(
      'weights do not match items: 1 for 2',
    )
  })
})
