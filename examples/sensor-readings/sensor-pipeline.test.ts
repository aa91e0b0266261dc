import { describe, expect, it } from 'vitest'
import { inMemoryRunner } from '@incident-pipeline/dataflow'
import { lateReadings, sensorFeed, T0 } from './sensor-input.ts'
import { sensorPipeline, type SensorStats, type SiteMax } from './sensor-pipeline.ts'

const MINUTE = 60_000

async function run(minutes: number) {
  const setup = { partitions: { readings: 2 }, idleTimeout: '1h', wallClock: T0 }
  const runner = inMemoryRunner(sensorPipeline(), setup)
  await runner.feed('readings', sensorFeed(minutes, 2))
  await runner.flush()
  await runner.feed('readings', lateReadings(minutes))
  await runner.drain()
  const values = async <T>(sink: string) => (await runner.outputs<T>(sink)).map((o) => o.value)
  return {
    stats: await values<SensorStats>('sensor_stats'),
    siteMax: await values<SiteMax>('site_max'),
    late: await values<string>('late'),
    dead: await values<{ reason: string }>('dead_letter'),
  }
}

describe('sensor readings on the in-memory runner', () => {
  it('computes per-sensor stats per tumbling minute', async () => {
    const { stats } = await run(10)
    const first = stats.find((s) => s.sensor === 's1' && s.start === T0)
    // s1 reads 20 + (k % 7) at k = 0..5 in its first minute.
    expect(first).toEqual({ sensor: 's1', start: T0, count: 6, mean: 22.5, min: 20, max: 25 })
    expect(new Set(stats.map((s) => s.sensor))).toEqual(new Set(['s1', 's2', 's3', 's4']))
    expect(stats.filter((s) => s.sensor === 's3')).toHaveLength(10)
  })

  it('takes the hottest reading per site over hopping 5-minute windows', async () => {
    const { siteMax } = await run(10)
    const opening = siteMax.find((s) => s.site === 'north' && s.end === T0 + MINUTE)
    expect(opening).toEqual({ site: 'north', start: T0 - 4 * MINUTE, end: T0 + MINUTE, max: 26 })
    // Each minute starts a window per site: 10 minutes of data touch 14 windows.
    expect(siteMax.filter((s) => s.site === 'south')).toHaveLength(14)
  })

  it('sends readings past the grace to late and broken ones to the dead letters', async () => {
    const { late, dead, stats } = await run(10)
    expect(late).toEqual(['s1'])
    expect(stats.some((s) => s.max === 99)).toBe(false)
    expect(dead).toHaveLength(5)
    expect(dead.every((d) => d.reason === 'missing sensor or site')).toBe(true)
  })
})
