/**
 * A distinct count in bounded memory, as a JSON accumulator: exact up to `distinctExactLimit`
 * values, then a HyperLogLog sketch (Flajolet et al. 2007) of 2^12 registers, whose standard
 * error is 1.04 / √4096 ≈ 1.6% and whose size stays about 10 KB of JSON however many values it
 * sees. Both forms are a function of the set of values alone, never of the order they were added
 * or merged in, so a streamed count equals a batch recomputation (`distinctCountOf`) exactly.
 */
import { jsonSet, jsonSetAdd, type JsonSet } from './combine.ts'

/** Values counted exactly before the count switches to a sketch. */
export const distinctExactLimit = 1024

const precision = 12
const registerCount = 1 << precision

/** A distinct count: the values themselves while few, then HyperLogLog registers. */
export type DistinctCount =
  { kind: 'exact'; size: number; values: JsonSet } | { kind: 'sketch'; registers: number[] }

/**
 * Two 32-bit hashes of `value` from one pass over its UTF-16 code units: two multiplicative
 * lanes, cross-mixed at the end (the construction of cyrb53), so 44 bits of a sketch's index
 * and rank are independent and well spread even for ids that differ in one character.
 */
function hash64(value: string): [number, number] {
  let a = 0xdeadbeef
  let b = 0x41c6ce57
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i)
    a = Math.imul(a ^ unit, 0x9e3779b1)
    b = Math.imul(b ^ unit, 0x5f356495)
  }
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b) ^ Math.imul(b ^ (b >>> 13), 0xc2b2ae35)
  b = Math.imul(b ^ (b >>> 16), 0x85ebca6b) ^ Math.imul(a ^ (a >>> 13), 0xc2b2ae35)
  return [a >>> 0, b >>> 0]
}

function addToRegisters(registers: number[], value: string): void {
  const [high, low] = hash64(value)
  const index = high >>> (32 - precision)
  // Rank: the position of the first 1 bit of the second hash (33 when it is 0).
  const rank = Math.clz32(low) + 1
  if (rank > (registers[index] ?? 0)) registers[index] = rank
}

function toSketch(values: Iterable<string>): DistinctCount & { kind: 'sketch' } {
  const registers = new Array<number>(registerCount).fill(0)
  for (const value of values) addToRegisters(registers, value)
  return { kind: 'sketch', registers }
}

/** An empty distinct count. */
export function distinctCount(): DistinctCount {
  return { kind: 'exact', size: 0, values: jsonSet() }
}

/**
 * Adds `value`; returns the count, which is `count` itself, mutated, unless it just switched to a
 * sketch.
 *
 * @example
 * let incidents = distinctCount()
 * incidents = distinctAdd(incidents, 'INC-00000001')
 * distinctEstimate(incidents) // 1
 */
export function distinctAdd(count: DistinctCount, value: string): DistinctCount {
  if (count.kind === 'sketch') {
    addToRegisters(count.registers, value)
    return count
  }
  if (jsonSetAdd(count.values, value)) count.size++
  return count.size > distinctExactLimit ? toSketch(Object.keys(count.values)) : count
}

/** The union of distinct counts, as a new one. */
export function distinctUnion(counts: readonly DistinctCount[]): DistinctCount {
  const exact = counts.filter((c) => c.kind === 'exact')
  const sketches = counts.filter((c) => c.kind === 'sketch')
  let union = distinctCount()
  for (const count of exact)
    for (const value of Object.keys(count.values)) {
      union = distinctAdd(union, value)
    }
  if (sketches.length === 0) return union
  const merged = union.kind === 'sketch' ? union : toSketch(Object.keys(union.values))
  for (const sketch of sketches) {
    for (let i = 0; i < registerCount; i++) {
      const rank = sketch.registers[i] ?? 0
      if (rank > (merged.registers[i] ?? 0)) merged.registers[i] = rank
    }
  }
  return merged
}

/** Ertl's σ(x) = x + Σₖ x^(2^k) 2^(k-1), for the empty registers' share x. */
function sigma(x: number): number {
  if (x === 1) return Infinity
  let [power, weight, sum] = [x, 1, x]
  for (let previous = -1; sum !== previous; weight *= 2) {
    previous = sum
    power *= power
    sum += power * weight
  }
  return sum
}

/** Ertl's τ(x) = (1 - x - Σₖ (1 - x^(2^-k))² 2^-k) / 3, for the saturated registers' share. */
function tau(x: number): number {
  if (x === 0 || x === 1) return 0
  let [root, weight, sum] = [x, 1, 1 - x]
  for (let previous = -1; sum !== previous;) {
    previous = sum
    root = Math.sqrt(root)
    weight /= 2
    sum -= (1 - root) ** 2 * weight
  }
  return sum / 3
}

/**
 * The number of distinct values: exact while few, else the sketch's estimate by Ertl's improved
 * estimator ("New cardinality estimation algorithms for HyperLogLog sketches", 2017), which needs
 * neither linear counting nor bias tables to be unbiased from a few values to billions.
 */
export function distinctEstimate(count: DistinctCount): number {
  if (count.kind === 'exact') return count.size
  const maxRank = 33
  const histogram = new Array<number>(maxRank + 1).fill(0)
  for (const rank of count.registers) histogram[rank] = (histogram[rank] ?? 0) + 1
  const m = registerCount
  let denominator = m * tau(1 - (histogram[maxRank] ?? 0) / m)
  for (let rank = maxRank - 1; rank >= 1; rank--) {
    denominator = 0.5 * (denominator + (histogram[rank] ?? 0))
  }
  denominator += m * sigma((histogram[0] ?? 0) / m)
  return Math.round((m * m) / (2 * Math.LN2) / denominator)
}

/**
 * The count `distinctEstimate` gives for these values however they were streamed: the batch
 * recomputation of a distinct count.
 *
 * @example
 * distinctCountOf(['a', 'b', 'a']) // 2
 */
export function distinctCountOf(values: Iterable<string>): number {
  let count = distinctCount()
  for (const value of values) count = distinctAdd(count, value)
  return distinctEstimate(count)
}
