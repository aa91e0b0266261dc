import { describe, expect, it } from 'vitest'
import { Outbox, SHUFFLE_BATCH } from './outbox.ts'
import { decodeShuffleRecords, type ShuffleRecord } from './shuffle-records.ts'

const out = (n: number) => ({ topic: 'out', value: Buffer.from(String(n)) })
const marker = (time: number): ShuffleRecord => ({ kind: 'stream_time', upstream: 'in/0', time })

describe('Outbox', () => {
  it('takes outputs first, then each partition’s shuffle records in batches, and empties', () => {
    const box = new Outbox('shuffle', 2)
    box.output(out(1))
    for (let t = 0; t < SHUFFLE_BATCH + 1; t++) box.shuffle(1, marker(t))
    box.broadcast({ kind: 'idle', upstream: 'in/1' })
    const taken = box.take()
    expect(taken.map((r) => [r.topic, r.partition])).toEqual([
      ['out', undefined],
      ['shuffle', 0],
      ['shuffle', 1],
      ['shuffle', 1],
    ])
    expect(decodeShuffleRecords(taken[1]?.value as Buffer)).toEqual([
      { kind: 'idle', upstream: 'in/1' },
    ])
    expect(decodeShuffleRecords(taken[2]?.value as Buffer)).toHaveLength(SHUFFLE_BATCH)
    expect(decodeShuffleRecords(taken[3]?.value as Buffer)).toEqual([
      marker(SHUFFLE_BATCH),
      { kind: 'idle', upstream: 'in/1' },
    ])
    expect(box.take()).toEqual([])
  })

  it('rolls back to a mark, keeping what came before it', () => {
    const box = new Outbox('shuffle', 2)
    box.output(out(1))
    box.shuffle(0, marker(1))
    const mark = box.mark()
    box.output(out(2))
    box.broadcast(marker(2))
    box.rollback(mark)
    const taken = box.take()
    expect(taken).toHaveLength(2)
    expect(taken[0]).toEqual(out(1))
    expect(decodeShuffleRecords(taken[1]?.value as Buffer)).toEqual([marker(1)])
  })
})
