import { describe, expect, it } from 'vitest'
import type { CombineFn } from './combine.ts'
import type { StateRecord } from './state.ts'
import { WindowStore, type WindowEntry } from './window-store.ts'

const sum: CombineFn<number, { total: number }, number> = {
  createAccumulator: () => ({ total: 0 }),
  addInput: (acc, n) => ({ total: acc.total + n }),
  mergeAccumulators: (accs) => ({ total: accs.reduce((t, a) => t + a.total, 0) }),
  extractOutput: (acc) => acc.total,
}
const closeAll = (store: WindowStore<number, { total: number }>, watermark: number) => {
  const closed: [number, string, number | undefined][] = []
  store.close(watermark, (e: WindowEntry<{ total: number }>) =>
    closed.push([e.end, e.key, e.acc?.total]),
  )
  return closed
}
const changes = (store: WindowStore<number, { total: number }>) => {
  const out: StateRecord[] = []
  store.takeChanges(out)
  return out.map((r) => (r.kind === 'window' ? [r.end, r.key, r.value?.acc ?? null] : r))
}

describe('WindowStore', () => {
  it('closes windows once end + grace is reached, in (end, key) order', () => {
    const store = new WindowStore('sum', 5, sum)
    store.add(10, 20, 'b', 1)
    store.add(0, 10, 'z', 2)
    store.add(10, 20, 'a', 3)
    store.add(0, 10, 'c', 4)
    expect(store.nextCloseTime).toBe(15)
    expect(closeAll(store, 14)).toEqual([])
    expect(closeAll(store, 25)).toEqual([
      [10, 'c', 4],
      [10, 'z', 2],
      [20, 'a', 3],
      [20, 'b', 1],
    ])
    expect(store.nextCloseTime).toBe(Infinity)
  })

  it('tracks changed keys since the last take, and deletes only what was written', () => {
    const store = new WindowStore('sum', 0, sum)
    store.add(0, 10, 'a', 1)
    store.add(0, 10, 'b', 1)
    expect(changes(store)).toEqual([
      [10, 'a', { total: 1 }],
      [10, 'b', { total: 1 }],
    ])
    store.add(0, 10, 'b', 1)
    store.add(10, 20, 'c', 5)
    closeAll(store, 10)
    expect(changes(store)).toEqual([
      [20, 'c', { total: 5 }],
      [10, 'a', null],
      [10, 'b', null],
    ])
    expect(changes(store)).toEqual([])
    store.add(10, 20, 'c', 1)
    expect(changes(store)).toEqual([[20, 'c', { total: 6 }]])
  })

  it('keeps a late-only entry for its flag but does not give it an accumulator', () => {
    const store = new WindowStore('sum', 0, sum)
    store.markLate(0, 10, 'a')
    store.add(0, 10, 'b', 1)
    store.markLate(0, 10, 'b')
    expect(store.entries().map((e) => [e.key, e.acc, e.sawLateInput])).toEqual([
      ['a', undefined, true],
      ['b', { total: 1 }, true],
    ])
  })

  it('restores from snapshot records and deletions', () => {
    const store = new WindowStore('sum', 0, sum)
    store.add(0, 10, 'a', 1)
    store.add(0, 10, 'b', 2)
    const snapshot: StateRecord[] = []
    store.snapshot(snapshot)
    const restored = new WindowStore('sum', 0, sum)
    for (const record of snapshot) if (record.kind === 'window') restored.restore(record)
    restored.restore({ kind: 'window', step: 'sum', start: 0, end: 10, key: 'a', value: null })
    expect(restored.entries().map((e) => [e.key, e.acc])).toEqual([['b', { total: 2 }]])
    restored.add(0, 10, 'b', 3)
    expect(closeAll(restored, 10)).toEqual([[10, 'b', 5]])
    expect(changes(restored)).toEqual([[10, 'b', null]])
  })
})
