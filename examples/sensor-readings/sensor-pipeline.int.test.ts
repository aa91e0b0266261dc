import { describe, expect, it } from 'vitest'
import { inMemoryRunner, type RunnerDriver } from '@incident-pipeline/dataflow'
import { kafkaRunnerDriver } from '@incident-pipeline/dataflow/testing'
import { lateReadings, sensorFeed, T0 } from './sensor-input.ts'
import { sensorPipeline } from './sensor-pipeline.ts'

const sinks = ['sensor_stats', 'site_max', 'late', 'dead_letter']

/**
 * Feeds ten minutes of readings in three batches, restarting the runner from its committed state
 * between them when asked, then the late readings. One partition, so that which readings are
 * late does not depend on how partitions interleave.
 */
async function outputs(runner: RunnerDriver, restart: boolean) {
  const feed = sensorFeed(10, 1)
  const third = Math.ceil(feed.length / 3)
  for (let i = 0; i < feed.length; i += third) {
    await runner.feed('readings', feed.slice(i, i + third))
    if (restart) await runner.restart()
  }
  await runner.flush()
  await runner.feed('readings', lateReadings(10))
  await runner.drain()
  const result: Record<string, string[]> = {}
  for (const sink of sinks)
    result[sink] = (await runner.outputs(sink)).map((o) => JSON.stringify(o.value)).sort()
  return result
}

describe('sensor readings on the Kafka runner', { timeout: 120_000 }, () => {
  it('commits exactly what the in-memory runner computes, across restarts', async () => {
    const setup = {
      pipeline: sensorPipeline(),
      partitions: { readings: 1 },
      idleTimeout: '1h',
      wallClock: T0,
    }
    const expected = await outputs(inMemoryRunner(setup.pipeline, setup), false)
    const runner = await kafkaRunnerDriver(setup)
    try {
      const actual = await outputs(runner, true)
      // 4 sensors × 10 minutes, and the on-time late reading opens minute 10 for s1.
      expect(actual.sensor_stats).toHaveLength(41)
      expect(actual.late).toEqual(['"s1"'])
      expect(actual.dead_letter).toHaveLength(5)
      expect(actual).toEqual(expected)
    } finally {
      await runner.close()
    }
  })
})
