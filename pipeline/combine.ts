/**
 * Combiners (Beam's CombineFn) and helpers for their accumulators. Accumulators live in window
 * state, which the Kafka runner writes to a compacted changelog as JSON, so an accumulator must be
 * JSON-serialisable and survive `JSON.parse(JSON.stringify(acc))` unchanged in meaning: plain
 * objects, arrays, strings, finite numbers, booleans and null. No Set, Map, Date, bigint, undefined
 * or class instances; use `jsonSetAdd` for a set of strings and sorted arrays for small sets, and
 * `distinctAdd` (distinct-count.ts) to count distinct strings in bounded memory.
 */

/**
 * A combiner over inputs `I`, accumulating in `A` (JSON) and producing `O`.
 * `addInput` may mutate and return the accumulator; `mergeAccumulators` may mutate and return the
 * first one. The result must not depend on the order inputs were added or merged in.
 */
export interface CombineFn<I, A, O> {
  createAccumulator(): A
  addInput(acc: A, input: I): A
  mergeAccumulators(accs: readonly A[]): A
  extractOutput(acc: A): O
}

/** A set of strings as a JSON object (`{ "a": 1 }`). Create it with `jsonSet()`. */
export type JsonSet = Record<string, 1>

/** An empty JsonSet without a prototype, so keys such as `constructor` are plain keys. */
export function jsonSet(): JsonSet {
  return Object.create(null) as JsonSet
}

/**
 * Adds `value` to `set`; returns true when it was not there yet. Works on sets restored by
 * `JSON.parse` too, whose prototype is Object.prototype: no inherited property equals 1, so the
 * check cannot mistake `constructor` for a member.
 *
 * @example
 * const ids = jsonSet()
 * jsonSetAdd(ids, 'INC-00000001') // true
 * jsonSetAdd(ids, 'INC-00000001') // false
 */
export function jsonSetAdd(set: JsonSet, value: string): boolean {
  if (set[value] === 1) return false
  if (value === '__proto__') {
    // Assigning it would call the prototype setter of a JSON.parse'd object instead.
    Object.defineProperty(set, value, {
      value: 1,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  } else {
    set[value] = 1
  }
  return true
}

/** Union of JsonSets into a new one. */
export function jsonSetUnion(sets: readonly JsonSet[]): JsonSet {
  const union = jsonSet()
  for (const set of sets) for (const value of Object.keys(set)) jsonSetAdd(union, value)
  return union
}
