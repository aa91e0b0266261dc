/**
 * Seeded sensor readings for the example's tests: a few sensors on two sites, one reading every
 * 10 s per sensor in event time, some malformed, and readings that arrive late.
 */
import type { FeedRecord } from '@incident-pipeline/dataflow'

/** A round hour, so windows start on it. */
export const T0 = Date.UTC(2026, 11, 6, 9, 0, 0)

/** `minutes` of readings over `partitions` partitions (by sensor); deterministic. */
export function sensorFeed(minutes: number, partitions: number): FeedRecord<unknown>[] {
  const sensors = ['s1', 's2', 's3', 's4']
  const records: FeedRecord<unknown>[] = []
  for (let t = 0; t < minutes * 60_000; t += 10_000) {
    for (const [i, sensor] of sensors.entries()) {
      const partition = i % partitions
      const site = i < 2 ? 'north' : 'south'
      const celsius = 20 + i + ((t / 10_000) % 7)
      records.push({ partition, timestamp: T0 + t, value: { sensor, site, celsius } })
    }
    if (t % 120_000 === 0) records.push({ partition: 0, timestamp: T0 + t, value: { site: 'x' } })
  }
  return records
}

/**
 * Readings that arrive after the stream has moved on: one 3 minutes behind the end of
 * `sensorFeed(minutes, …)`, past its tumbling window's 30 s grace, and one on time.
 */
export function lateReadings(minutes: number): FeedRecord<unknown>[] {
  const end = T0 + minutes * 60_000
  return [
    { partition: 0, timestamp: end - 180_000, value: { sensor: 's1', site: 'north', celsius: 99 } },
    { partition: 0, timestamp: end, value: { sensor: 's1', site: 'north', celsius: 21 } },
  ]
}
