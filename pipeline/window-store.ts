/**
 * Window state of one `combinePerKey` step: an accumulator and a late-seen flag per (window, key).
 * Windows close in (window end, key) order once the watermark passes end + grace. The store tracks
 * which entries changed since the last `takeChanges()` (upserts) and which persisted entries closed
 * (deletions), so the Kafka runner writes only those to its changelog in each transaction.
 */
import type { CombineFn } from './combine.ts'
import type { StateRecord, WindowRecord, WindowValue } from './state.ts'

/** One (window, key) entry. `acc` is undefined while the key has only seen late input. */
export interface WindowEntry<A> {
  readonly key: string
  readonly start: number
  readonly end: number
  readonly acc: A | undefined
  readonly sawLateInput: boolean
  /** True once the window fired an early pane for this key. */
  readonly firedEarly: boolean
}

interface Entry<A> {
  readonly key: string
  readonly start: number
  readonly end: number
  acc: A | undefined
  sawLateInput: boolean
  firedEarly: boolean
  /** Changed since the last takeChanges. */
  dirty: boolean
  /** Written to the changelog by an earlier takeChanges (or restored from it). */
  persisted: boolean
  closed: boolean
}

interface Bucket<A> {
  readonly start: number
  readonly end: number
  readonly entries: Map<string, Entry<A>>
}

export class WindowStore<I, A> {
  readonly step: string
  readonly grace: number
  readonly #fn: CombineFn<I, A, unknown>
  readonly #buckets = new Map<number, Bucket<A>>()
  /** Ends of the open windows, ascending. */
  #ends: number[] = []
  #last: Bucket<A> | undefined
  #dirty: Entry<A>[] = []
  #deleted: Entry<A>[] = []

  constructor(step: string, grace: number, fn: CombineFn<I, A, unknown>) {
    this.step = step
    this.grace = grace
    this.#fn = fn
  }

  /** The watermark at which the next window closes; Infinity when none is open. */
  get nextCloseTime(): number {
    const end = this.#ends[0]
    return end === undefined ? Infinity : end + this.grace
  }

  /** Adds an input to its window and key; returns the entry, for early firing. */
  add(start: number, end: number, key: string, input: I): WindowEntry<A> {
    const entry = this.#entry(start, end, key)
    entry.acc = this.#fn.addInput(entry.acc ?? this.#fn.createAccumulator(), input)
    this.#touch(entry)
    return entry
  }

  /** Records that the entry's window fired an early pane. */
  markFiredEarly(start: number, end: number, key: string): void {
    const entry = this.#entry(start, end, key)
    if (entry.firedEarly) return
    entry.firedEarly = true
    this.#touch(entry)
  }

  markLate(start: number, end: number, key: string): void {
    const entry = this.#entry(start, end, key)
    if (entry.sawLateInput) return
    entry.sawLateInput = true
    this.#touch(entry)
  }

  /** Closes every window with end + grace <= watermark and hands its entries to `emit`, in order. */
  close(watermark: number, emit: (entry: WindowEntry<A>) => void): void {
    for (
      let end = this.#ends[0];
      end !== undefined && end + this.grace <= watermark;
      end = this.#ends[0]
    ) {
      this.#ends.shift()
      const bucket = this.#buckets.get(end)
      this.#buckets.delete(end)
      if (this.#last === bucket) this.#last = undefined
      if (bucket === undefined) continue
      for (const key of [...bucket.entries.keys()].sort()) {
        const entry = bucket.entries.get(key)
        if (entry === undefined) continue
        entry.closed = true
        if (entry.persisted) this.#deleted.push(entry)
        emit(entry)
      }
    }
  }

  /** Appends the upserts and deletions since the last call. */
  takeChanges(out: StateRecord[]): void {
    for (const entry of this.#dirty) {
      entry.dirty = false
      if (entry.closed) continue
      entry.persisted = true
      out.push(this.#record(entry))
    }
    for (const { start, end, key } of this.#deleted) {
      out.push({ kind: 'window', step: this.step, start, end, key, value: null })
    }
    this.#dirty = []
    this.#deleted = []
  }

  /** Appends every open entry, in (end, key) order. */
  snapshot(out: StateRecord[]): void {
    for (const entry of this.entries()) out.push(this.#record(entry))
  }

  /** Applies one record of this step (a deletion when its value is null). */
  restore(record: WindowRecord): void {
    if (record.value === null) {
      const bucket = this.#buckets.get(record.end)
      bucket?.entries.delete(record.key)
      if (bucket?.entries.size === 0) this.#dropBucket(record.end)
      return
    }
    const entry = this.#entry(record.start, record.end, record.key)
    entry.acc = record.value.acc === null ? undefined : (record.value.acc as A)
    entry.sawLateInput = record.value.sawLateInput
    entry.firedEarly = record.value.firedEarly === true
    entry.persisted = true
  }

  /** The open entries, in (end, key) order, for inspection. */
  entries(): WindowEntry<A>[] {
    const out: WindowEntry<A>[] = []
    for (const end of this.#ends) {
      const entries = this.#buckets.get(end)?.entries
      for (const key of [...(entries?.keys() ?? [])].sort()) {
        const entry = entries?.get(key)
        if (entry !== undefined) out.push(entry)
      }
    }
    return out
  }

  #entry(start: number, end: number, key: string): Entry<A> {
    let bucket = this.#last
    if (bucket?.end !== end) {
      bucket = this.#buckets.get(end) ?? this.#newBucket(start, end)
      this.#last = bucket
    }
    let entry = bucket.entries.get(key)
    if (entry === undefined) {
      entry = {
        key,
        start,
        end,
        acc: undefined,
        sawLateInput: false,
        firedEarly: false,
        dirty: false,
        persisted: false,
        closed: false,
      }
      bucket.entries.set(key, entry)
    }
    return entry
  }

  #newBucket(start: number, end: number): Bucket<A> {
    const bucket: Bucket<A> = { start, end, entries: new Map() }
    this.#buckets.set(end, bucket)
    let at = this.#ends.length
    while (at > 0 && (this.#ends[at - 1] ?? 0) > end) at--
    this.#ends.splice(at, 0, end)
    return bucket
  }

  #dropBucket(end: number): void {
    const bucket = this.#buckets.get(end)
    this.#buckets.delete(end)
    if (this.#last === bucket) this.#last = undefined
    this.#ends = this.#ends.filter((e) => e !== end)
  }

  #touch(entry: Entry<A>): void {
    if (entry.dirty) return
    entry.dirty = true
    this.#dirty.push(entry)
  }

  #record(entry: WindowEntry<A>): WindowRecord {
    const value: WindowValue = {
      acc: entry.acc ?? null,
      sawLateInput: entry.sawLateInput,
      ...(entry.firedEarly ? { firedEarly: true } : {}),
    }
    return {
      kind: 'window',
      step: this.step,
      start: entry.start,
      end: entry.end,
      key: entry.key,
      value,
    }
  }
}
