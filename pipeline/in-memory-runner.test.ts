import { describe, expect, it } from 'vitest'
import { countPipeline, T0, type CountRow, type Reading } from './testing/contract-pipelines.ts'
import { inMemoryRunner } from './in-memory-runner.ts'
import { runRunnerSuite } from './testing/runner-contract.ts'
import { tumbling } from './windows.ts'

runRunnerSuite({
  name: 'in-memory',
  newRunner: ({ pipeline, partitions, idleTimeout, wallClock }) =>
    inMemoryRunner(pipeline, { partitions, idleTimeout, wallClock }),
})

const s = (seconds: number): number => T0 + seconds * 1000
const reading = (seconds: number, id: string, partition = 0) => ({
  partition,
  timestamp: s(seconds),
  value: { id, key: 'k', n: 1 } satisfies Reading,
})

describe('in-memory runner', () => {
  it('advances event time directly, as a heartbeat would', async () => {
    const runner = inMemoryRunner(countPipeline(tumbling('1m'), '10s'), { partitions: { in: 2 } })
    await runner.feed('in', [reading(10, 'a')])
    await runner.advanceEventTime(s(70))
    expect((await runner.outputs<CountRow>('counts')).map((r) => r.value.ids)).toEqual([['a']])
    expect(runner.watermark).toBe(s(70))
  })

  it('shows open windows and partition progress', async () => {
    const runner = inMemoryRunner(countPipeline(tumbling('1m'), '10s'), { partitions: { in: 2 } })
    await runner.feed('in', [reading(10, 'a', 0), reading(75, 'b', 1)])
    expect(runner.windows('count').map((w) => [w.start - T0, w.acc])).toEqual([
      [0, { count: 1, ids: ['a'] }],
      [60_000, { count: 1, ids: ['b'] }],
    ])
    expect(runner.partitions()).toEqual([
      { partition: 'in/0', streamTime: s(10), idle: false },
      { partition: 'in/1', streamTime: s(75), idle: false },
    ])
  })

  it('keeps explicit offsets and commits nothing of a failed call', async () => {
    const runner = inMemoryRunner(countPipeline(tumbling('1m'), '10s'))
    await runner.feed('in', [{ ...reading(10, 'a'), offset: 41 }])
    const bad = { partition: 0, timestamp: NaN, value: {} as Reading }
    await expect(runner.feed('in', [reading(70, 'b'), bad])).rejects.toThrow(
      /step 'windowInto\(tumbling\(1m\)\)' failed on in\/0@43/,
    )
    expect(await runner.outputs('counts')).toEqual([])
    expect(runner.windows('count').map((w) => w.acc)).toEqual([{ count: 1, ids: ['a'] }])
    await runner.feed('in', [reading(70, 'b')])
    expect((await runner.outputs<CountRow>('counts')).map((r) => r.value.ids)).toEqual([['a']])
    expect(runner.windows('count').map((w) => w.acc)).toEqual([{ count: 1, ids: ['b'] }])
  })
})
