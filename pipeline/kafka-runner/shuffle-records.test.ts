import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  decodeShuffleRecords,
  encodeShuffleRecords,
  decodeShuffleRecord,
  encodeShuffleRecord,
  shufflePartition,
  type ShuffleRecord,
} from './shuffle-records.ts'

describe('shuffle records', () => {
  it('batch many records for one partition, in order, and read a single record as a batch', () => {
    const records: ShuffleRecord[] = [
      {
        kind: 'element',
        step: 's',
        upstream: 'raw/0',
        element: { key: 'a', value: 1 },
        timestamp: 1,
        streamTime: 1,
      },
      { kind: 'stream_time', upstream: 'raw/1', time: 9 },
      { kind: 'idle', upstream: 'raw/2' },
      {
        kind: 'element',
        step: 's',
        upstream: 'raw/1',
        element: { key: 'b', value: { x: null } },
        timestamp: 2,
      },
    ]
    expect(decodeShuffleRecords(encodeShuffleRecords(records))).toEqual(records)
    expect(decodeShuffleRecords(encodeShuffleRecord(records[1] as ShuffleRecord))).toEqual([
      records[1],
    ])
  })

  it('round-trip elements and stream-time markers', () => {
    const records: ShuffleRecord[] = [
      {
        kind: 'element',
        step: 'hourly',
        upstream: 'raw/2',
        element: { key: 'k', value: { a: [1, null] } },
        timestamp: 7,
      },
      {
        kind: 'element',
        step: 'hourly',
        upstream: 'raw/1',
        element: { key: 'k', value: 1 },
        timestamp: 7,
        streamTime: 9,
      },
      { kind: 'stream_time', upstream: 'raw/0', time: 1_764_302_400_000 },
    ]
    for (const r of records) expect(decodeShuffleRecord(encodeShuffleRecord(r))).toEqual(r)
    expect(() => decodeShuffleRecord(Buffer.from('[9]'))).toThrow(/invalid shuffle record kind/)
  })

  it('routes a (step, key) to one stable partition in range', () => {
    expect(shufflePartition('hourly', 'service_level|database|ERROR', 3)).toBe(
      shufflePartition('hourly', 'service_level|database|ERROR', 3),
    )
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.integer({ min: 1, max: 64 }), (step, key, n) => {
        const p = shufflePartition(step, key, n)
        return Number.isInteger(p) && p >= 0 && p < n
      }),
    )
  })
})
