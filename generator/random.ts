/**
 * A small seeded pseudo-random generator (sfc32, Chris Doty-Humphrey's "small fast chaotic" PRNG,
 * 128-bit state) with the few helpers the event generator needs. A stream is seeded from a
 * uint32 seed and a stream number: distinct `(seed, stream)` pairs start from distinct states, which lets the
 * generator give every event its own stream and so produce event `i` without producing `0..i-1`.
 */

/** A seeded source of uniform numbers in `[0, 1)` plus helpers. */
export interface Random {
  /** Uniform float in `[0, 1)`. */
  next(): number
  /** Uniform unsigned 32-bit integer. */
  uint32(): number
  /** Uniform integer in `[min, max]`, both inclusive. */
  int(min: number, max: number): number
  /** Uniform element of a non-empty list. */
  pick<T>(items: readonly T[]): T
  /** Element chosen with probability proportional to its weight. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T
}

const twoTo32 = 0x1_0000_0000

/** MurmurHash3's 32-bit finalizer: a bijection that spreads every input bit over the output. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/**
 * Creates a seeded random stream.
 *
 * @example
 * const random = createRandom(42, 7)
 * random.int(1, 6) // the same die roll on every run
 */
export function createRandom(seed: number, stream = 0): Random {
  if (!Number.isInteger(seed) || seed < 0 || seed >= twoTo32)
    throw new Error(`invalid seed: ${seed}`)
  if (!Number.isSafeInteger(stream) || stream < 0) throw new Error(`invalid stream: ${stream}`)
  // Each state word is a bijection of one input word, so distinct (seed, stream) pairs start from
  // distinct states, and neighbouring streams start far apart.
  let a = fmix32(seed)
  let b = fmix32(stream >>> 0)
  let c = fmix32(Math.floor(stream / twoTo32) ^ 0x9e3779b9)
  let d = 1
  const uint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
  // Mix the seed words before the first output, as the reference implementation advises.
  for (let i = 0; i < 15; i++) uint32()

  const next = (): number => uint32() / twoTo32
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('cannot pick from an empty list')
    return items[Math.floor(next() * items.length)] as T
  }
  const weighted = <T>(items: readonly T[], weights: readonly number[]): T => {
    if (items.length !== weights.length) {
      throw new Error(`weights do not match items: ${weights.length} for ${items.length}`)
    }
    let total = 0
    for (const w of weights) total += w
    let r = next() * total
    for (let i = 0; i < items.length; i++) {
      r -= weights[i] ?? 0
      if (r < 0) return items[i] as T
    }
    // Only reached through rounding, when r lands exactly on the total.
    return items[items.length - 1] as T
  }
  return { next, uint32, int, pick, weighted }
}
