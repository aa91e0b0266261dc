import { describe, expect, it } from 'vitest'
import { createPendingTransaction } from './pending-transaction.ts'

describe('createPendingTransaction', () => {
  it('keeps the last next-offset per partition and counts inputs per topic', () => {
    const t = createPendingTransaction()
    expect(t.hasOffsets).toBe(false)
    t.consumed('in', 0, 5, 5)
    t.consumed('in', 1, 3, 3)
    t.consumed('in', 0, 9, 4)
    t.consumed('other', 2, 1, 1)
    expect(t.hasOffsets).toBe(true)
    expect(t.inputs).toEqual({ in: 12, other: 1 })
    expect(t.offsets()).toEqual([
      { topic: 'in', partition: 0, offset: 9 },
      { topic: 'in', partition: 1, offset: 3 },
      { topic: 'other', partition: 2, offset: 1 },
    ])
  })

  it('counts outputs per topic without adding offsets', () => {
    const t = createPendingTransaction()
    const v = Buffer.from('v')
    t.produced([
      { topic: 'out', value: v },
      { topic: 'out', value: null },
    ])
    t.produced([
      { topic: 'out', value: v },
      { topic: 'b', key: 'k', value: v, partition: 3 },
    ])
    expect(t.outputs).toEqual({ out: 3, b: 1 })
    expect(t.hasOffsets).toBe(false)
    expect(t.offsets()).toEqual([])
  })
})
