import { describe, expect, it } from 'vitest'
import { createPendingTransaction, groupOutputsByTopic } from './pending-transaction.ts'

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
    expect(t.offsetTopics()).toEqual([
      {
        topic: 'in',
        partitions: [
          { partition: 0, offset: '9' },
          { partition: 1, offset: '3' },
        ],
      },
      { topic: 'other', partitions: [{ partition: 2, offset: '1' }] },
    ])
  })

  it('counts outputs per topic without adding offsets', () => {
    const t = createPendingTransaction()
    t.produced('out', 2)
    t.produced('out', 3)
    expect(t.outputs).toEqual({ out: 5 })
    expect(t.hasOffsets).toBe(false)
    expect(t.offsetTopics()).toEqual([])
  })
})

describe('groupOutputsByTopic', () => {
  it('groups by topic in order and defaults a missing key to null', () => {
    const v = (s: string) => Buffer.from(s)
    const groups = groupOutputsByTopic([
      { topic: 'a', value: v('1') },
      { topic: 'b', key: 'k', value: v('2'), partition: 3 },
      { topic: 'a', key: null, value: null, headers: { h: 'x' } },
    ])
    expect(groups).toEqual([
      {
        topic: 'a',
        messages: [
          { key: null, value: v('1'), partition: undefined, headers: undefined },
          { key: null, value: null, partition: undefined, headers: { h: 'x' } },
        ],
      },
      {
        topic: 'b',
        messages: [{ key: 'k', value: v('2'), partition: 3, headers: undefined }],
      },
    ])
  })
})
