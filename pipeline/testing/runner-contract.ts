/**
 * The runner contract as one shared vitest suite: `runRunnerSuite({ name, newRunner })` registers
 * the same tests for any runner (the in-memory runner now, the Kafka runner next). Each test starts
 * its own runner (a Kafka runner: fresh topics and group) and closes it afterwards. The suite uses
 * only the async `RunnerDriver` methods and JSON values, with record timestamps as event times.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { failingPipeline, statelessPipeline, T0 } from './contract-pipelines.ts'
import {
  minuteCounts,
  reading,
  row,
  s,
  values,
  type StartRunner,
} from './runner-contract-support.ts'
import {
  hoppingWindowCases,
  tumblingWindowCases,
  watermarkCases,
} from './runner-contract-windows.ts'
import type { NewRunner, RunnerDriver } from '../runner-driver.ts'
import { windowRecords } from '../state.ts'

/** Options of `runRunnerSuite`. */
export interface RunnerSuiteOptions {
  /** Names the suite: `runner contract: <name>`. */
  readonly name: string
  /** Starts a runner for each test; the suite closes it after the test. */
  readonly newRunner: NewRunner
  /** Per-test timeout, ms (a Kafka runner needs more than the default). */
  readonly timeout?: number
}

/**
 * Registers the runner contract's vitest suite for one runner.
 *
 * @example
 * runRunnerSuite({
 *   name: 'in-memory',
 *   newRunner: ({ pipeline, partitions, idleTimeout, wallClock }) =>
 *     inMemoryRunner(pipeline, { partitions, idleTimeout, wallClock }),
 * })
 */
export function runRunnerSuite({ name, newRunner, timeout }: RunnerSuiteOptions): void {
  describe(`runner contract: ${name}`, { timeout }, () => {
    const running: RunnerDriver[] = []
    afterEach(async () => {
      await Promise.all(running.splice(0).map((runner) => runner.close()))
    })
    const start: StartRunner = async (pipeline, partitions = 1, idleTimeout = '1m') => {
      const runner = await newRunner({
        pipeline,
        partitions: { in: partitions },
        idleTimeout,
        wallClock: T0,
      })
      running.push(runner)
      return runner
    }
    statelessCases(start)
    tumblingWindowCases(start)
    watermarkCases(start)
    hoppingWindowCases(start)
    stateCases(start)
    failureCases(start)
  })
}

function statelessCases(start: StartRunner): void {
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
}

function stateCases(start: StartRunner): void {
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
}

function failureCases(start: StartRunner): void {
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
}
