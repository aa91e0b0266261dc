/**
 * Shared helpers of the runner contract suite: event times relative to T0, feed records, expected
 * window rows, and the pipeline most cases run.
 */
import { countPipeline, T0, type CountRow, type Reading } from './contract-pipelines.ts'
import type { Duration } from '../duration.ts'
import type { FeedRecord, RunnerDriver } from '../runner-driver.ts'
import type { Pipeline } from '../steps.ts'
import { tumbling } from '../windows.ts'

/** Starts a runner for one test; the suite closes it afterwards. */
export type StartRunner = (
  pipeline: Pipeline,
  partitions?: number,
  idleTimeout?: Duration,
) => Promise<RunnerDriver>

export const s = (seconds: number): number => T0 + seconds * 1000
export const reading = (
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
export const row = (
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
export const values = async <T>(runner: RunnerDriver, sink: string): Promise<T[]> =>
  (await runner.outputs<T>(sink)).map((record) => record.value)
export const minuteCounts = (): Pipeline => countPipeline(tumbling('1m'), '10s')
