/**
 * The runner contract as one shared vitest suite: `runRunnerSuite({ name, newRunner })` registers
 * the same tests for any runner (the in-memory runner now, the Kafka runner next). Each test starts
 * its own runner (a Kafka runner: fresh topics and group) and closes it afterwards. The suite uses
 * only the async `RunnerDriver` methods and JSON values, with record timestamps as event times.
 */
import { afterEach, describe, expect, it } from 'vitest'
import {
  countPipeline,
  failingPipeline,
  statelessPipeline,
  T0,
  type CountRow,
  type Reading,
} from './contract-pipelines.ts'
import type { Duration } from '../duration.ts'
import type { FeedRecord, NewRunner, RunnerDriver } from '../runner-driver.ts'
import { windowRecords } from '../state.ts'
import type { Pipeline } from '../steps.ts'
import { hopping, tumbling } from '../windows.ts'

export interface RunnerSuiteOptions {
  readonly name: string
  readonly newRunner: NewRunner
  /** Per-test timeout, ms (a Kafka runner needs more than the default). */
  readonly timeout?: number
}

const s = (seconds: number): number => T0 + seconds * 1000
const reading = (
  seconds: number,
  id: string,
  partition = 0,
  key = 'k',
  n = 1,
): FeedRecord<Reading> => ({
  partition,
  timestamp: s(seconds),
  value: { id, key, n },
})
const row = (
  key: string,
  from: number,
  to: number,
  ids: string[],
  sawLateInput = false,
): CountRow => ({
  key,
  start: s(from),
  end: s(to),
  count: ids.length,
  ids,
  sawLateInput,
})
const values = async <T>(runner: RunnerDriver, sink: string): Promise<T[]> =>
  (await runner.outputs<T>(sink)).map((record) => record.value)

export function runRunnerSuite({ name, newRunner, timeout }: RunnerSuiteOptions): void {
  describe(`runner contract: ${name}`, { timeout }, () => {
    const running: RunnerDriver[] = []
    afterEach(async () => {
      await Promise.all(running.splice(0).map((runner) => runner.close()))
    })
    const start = async (pipeline: Pipeline, partitions = 1, idleTimeout: Duration = '1m') => {
      const runner = await newRunner({
        pipeline,
        partitions: { in: partitions },
        idleTimeout,
        wallClock: T0,
      })
      running.push(runner)
      return runner
    }
    const minuteCounts = () => countPipeline(tumbling('1m'), '10s')

    it('runs stateless steps per record and routes tagged outputs', async () => {
      const runner = await start(statelessPipeline(), 2)
      await runner.feed('in', [
        reading(1, 'a', 0, 'k', 1),
        reading(2, 'b', 0, 'k', 2),
        reading(3, 'c', 0, 'k', -1),
      ])
      await runner.feed('in', [reading(4, 'd', 1, 'k', 4)])
      await runner.flush()
      const out = await runner.outputs<{ id: string }>('out')
      expect(out.sort((x, y) => x.value.id.localeCompare(y.value.id))).toEqual([
        { value: { id: 'b.a', n: 4, partition: 0, offset: 1 }, timestamp: s(2) },
        { value: { id: 'b.b', n: 4, partition: 0, offset: 1 }, timestamp: s(2) },
        { value: { id: 'd.a', n: 8, partition: 1, offset: 0 }, timestamp: s(4) },
        { value: { id: 'd.b', n: 8, partition: 1, offset: 0 }, timestamp: s(4) },
      ])
      expect(await values(runner, 'dead_letter')).toEqual([{ id: 'c', reason: 'negative' }])
    })

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
      await runner.feed('in', [
        reading(5, 'a'),
        reading(65, 'b'),
        reading(55, 'c'),
        reading(70, 'd'),
      ])
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

    it('restores its committed state after a restart in the middle of a window', async () => {
      const runner = await start(minuteCounts())
      await runner.feed('in', [reading(10, 'a'), reading(20, 'b')])
      await runner.flush()
      await runner.restart()
      await runner.feed('in', [reading(30, 'c'), reading(75, 'd')])
      await runner.flush()
      expect(await values(runner, 'counts')).toEqual([row('k', 0, 60, ['a', 'b', 'c'])])
      await runner.restart()
      await runner.feed('in', [reading(40, 'e')])
      await runner.drain()
      expect(await values(runner, 'late')).toEqual(['e'])
      expect(await values(runner, 'counts')).toEqual([
        row('k', 0, 60, ['a', 'b', 'c']),
        row('k', 60, 120, ['d']),
      ])
    })

    it('exposes its committed state as JSON records, one per window and key', async () => {
      const runner = await start(minuteCounts())
      await runner.feed('in', [
        reading(10, 'a', 0, 'k1'),
        reading(20, 'b', 0, 'k2'),
        reading(65, 'c', 0, 'k1'),
      ])
      await runner.flush()
      const state = await runner.state()
      expect(JSON.parse(JSON.stringify(state))).toEqual(state)
      expect(state.records).toContainEqual({ kind: 'watermark', time: s(65) })
      const windows = windowRecords(state, 'count').map(({ start, end, key, value }) => [
        start - T0,
        end - T0,
        key,
        value,
      ])
      expect(windows).toEqual([
        [0, 60_000, 'k1', { acc: { count: 1, ids: ['a'] }, sawLateInput: false }],
        [0, 60_000, 'k2', { acc: { count: 1, ids: ['b'] }, sawLateInput: false }],
        [60_000, 120_000, 'k1', { acc: { count: 1, ids: ['c'] }, sawLateInput: false }],
      ])
    })

    it('produces the same outputs when the same input is replayed', async () => {
      const input = [
        reading(5, 'a'),
        reading(70, 'b'),
        reading(50, 'c'),
        reading(30, 'd'),
        reading(140, 'e'),
      ]
      const run = async () => {
        const runner = await start(minuteCounts())
        await runner.feed('in', input)
        await runner.drain()
        return [await runner.outputs('counts'), await runner.outputs('late')]
      }
      expect(await run()).toEqual(await run())
    })

    it('fails with a StepError that names the failing step', async () => {
      const runner = await start(failingPipeline())
      const attempt = async () => {
        await runner.feed('in', [reading(1, 'a', 0, 'k', 13)])
        await runner.flush()
      }
      await expect(attempt()).rejects.toMatchObject({
        name: 'StepError',
        code: 'STEP_FAILED',
        step: 'explode',
      })
    })
  })
}
