/**
 * The runner contract's windowing cases: tumbling windows and lateness, the watermark across
 * partitions (slowest partition, idleness, per-partition lateness, emit order), and hopping
 * windows. Registered by `runRunnerSuite`.
 */
import { expect, it } from 'vitest'
import { countPipeline, T0, type CountRow } from './contract-pipelines.ts'
import {
  minuteCounts,
  reading,
  row,
  s,
  values,
  type StartRunner,
} from './runner-contract-support.ts'
import { hopping } from '../windows.ts'

export function tumblingWindowCases(start: StartRunner): void {
  it('emits a window once, when the watermark passes its end + grace', async () => {
    const runner = await start(minuteCounts())
    await runner.feed('in', [reading(6, 'a'), reading(30, 'b'), reading(69, 'c')])
    await runner.flush()
    expect(await runner.outputs('counts')).toEqual([])
    await runner.feed('in', [reading(70, 'd')])
    await runner.flush()
    expect(await runner.outputs('counts')).toEqual([
      { value: row('k', 0, 60, ['a', 'b']), timestamp: s(60) - 1 },
    ])
  })

  it('includes out-of-order events that arrive within grace', async () => {
    const runner = await start(minuteCounts())
    await runner.feed('in', [reading(5, 'a'), reading(65, 'b'), reading(55, 'c'), reading(70, 'd')])
    await runner.drain()
    expect(await values(runner, 'counts')).toEqual([
      row('k', 0, 60, ['a', 'c']),
      row('k', 60, 120, ['b', 'd']),
    ])
    expect(await runner.outputs('late')).toEqual([])
  })

  it('puts an event at exactly a window end into the next window', async () => {
    const runner = await start(minuteCounts())
    await runner.feed('in', [reading(59.999, 'a'), reading(60, 'b')])
    await runner.drain()
    expect(await values(runner, 'counts')).toEqual([
      row('k', 0, 60, ['a']),
      row('k', 60, 120, ['b']),
    ])
  })

  it('sends events for a closed window to the late output, counts them, never emits twice', async () => {
    const runner = await start(minuteCounts())
    await runner.feed('in', [reading(10, 'a'), reading(75, 'b'), reading(20, 'c')])
    await runner.drain()
    expect(await values(runner, 'counts')).toEqual([
      row('k', 0, 60, ['a']),
      row('k', 60, 120, ['b']),
    ])
    expect(await values(runner, 'late')).toEqual(['c'])
    expect((await runner.metrics()).find((m) => m.step === 'count')?.late).toBe(1)
  })
}

export function watermarkCases(start: StartRunner): void {
  it('holds the watermark back at the slowest partition', async () => {
    const runner = await start(minuteCounts(), 2)
    await runner.feed('in', [reading(10, 'a', 0), reading(200, 'b', 0), reading(20, 'c', 1)])
    await runner.flush()
    expect(await runner.outputs('counts')).toEqual([])
    await runner.feed('in', [reading(80, 'd', 1)])
    await runner.flush()
    expect(await values(runner, 'counts')).toEqual([row('k', 0, 60, ['a', 'c'])])
  })

  it('stops waiting for an idle partition after the idle timeout', async () => {
    const runner = await start(minuteCounts(), 2, '1m')
    await runner.feed('in', [reading(10, 'a', 0), reading(80, 'b', 0)])
    await runner.advanceWallClock(30_000)
    await runner.feed('in', [reading(90, 'c', 0)])
    await runner.flush()
    expect(await runner.outputs('counts')).toEqual([])
    await runner.advanceWallClock(30_000)
    await runner.flush()
    expect(await values(runner, 'counts')).toEqual([row('k', 0, 60, ['a'])])
    await runner.feed('in', [reading(30, 'z', 1)])
    await runner.flush()
    expect(await values(runner, 'late')).toEqual(['z'])
  })

  it('flags a window whose partition sent late input while it was still open', async () => {
    const runner = await start(minuteCounts(), 2)
    await runner.feed('in', [reading(10, 'a', 0), reading(75, 'b', 0), reading(5, 'c', 1)])
    await runner.feed('in', [reading(20, 'd', 0)])
    await runner.flush()
    expect(await values(runner, 'late')).toEqual(['d'])
    expect(await runner.outputs('counts')).toEqual([])
    await runner.feed('in', [reading(80, 'e', 1)])
    await runner.flush()
    expect(await values(runner, 'counts')).toEqual([row('k', 0, 60, ['a', 'c'], true)])
  })

  it('emits closed windows in (window end, key) order', async () => {
    const runner = await start(minuteCounts())
    const keyed = (seconds: number, key: string) => reading(seconds, `${key}${seconds}`, 0, key)
    await runner.feed('in', [
      keyed(1, 'z'),
      keyed(2, 'a'),
      keyed(61, 'b'),
      keyed(3, 'm'),
      keyed(62, 'a'),
    ])
    await runner.feed('in', [keyed(200, 'q')])
    await runner.flush()
    const order = (await values<CountRow>(runner, 'counts')).map((r) => [r.end - T0, r.key])
    expect(order).toEqual([
      [60_000, 'a'],
      [60_000, 'm'],
      [60_000, 'z'],
      [120_000, 'a'],
      [120_000, 'b'],
    ])
  })
}

export function hoppingWindowCases(start: StartRunner): void {
  it('puts an event into every overlapping hopping window', async () => {
    const runner = await start(countPipeline(hopping('2m', '1m'), '10s'))
    await runner.feed('in', [reading(30, 'b'), reading(90, 'a')])
    await runner.drain()
    expect(await values(runner, 'counts')).toEqual([
      row('k', -60, 60, ['b']),
      row('k', 0, 120, ['a', 'b']),
      row('k', 60, 180, ['a']),
    ])
  })

  it('counts an event late for its oldest hopping window in the windows still open', async () => {
    const runner = await start(countPipeline(hopping('2m', '1m'), '10s'))
    await runner.feed('in', [reading(90, 'a'), reading(30, 'b')])
    await runner.drain()
    expect(await values(runner, 'counts')).toEqual([
      row('k', 0, 120, ['a', 'b']),
      row('k', 60, 180, ['a']),
    ])
    expect(await values(runner, 'late')).toEqual(['b'])
  })
}
