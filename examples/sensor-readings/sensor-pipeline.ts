/**
 * A non-incident pipeline on the engine: temperature readings from sensors. Malformed readings
 * go to a dead-letter output with their reason; the rest are windowed by event time twice: per
 * sensor and 1-minute tumbling window (mean, min and max), and per site over a 5-minute window
 * hopping every minute (the hottest reading). Readings later than the grace go to `late`.
 */
import {
  hopping,
  pipeline,
  tumbling,
  type CombineFn,
  type DoFn,
  type KV,
  type Pipeline,
  type WindowedValue,
} from '@incident-pipeline/dataflow'

export interface Reading {
  readonly sensor: string
  readonly site: string
  /** Degrees Celsius. */
  readonly celsius: number
}

export interface SensorStats {
  readonly sensor: string
  readonly start: number
  readonly count: number
  readonly mean: number
  readonly min: number
  readonly max: number
}

export interface SiteMax {
  readonly site: string
  readonly start: number
  readonly end: number
  readonly max: number
}

interface StatsAcc {
  count: number
  sum: number
  min: number
  max: number
}

/** Count, sum, min and max: a combiner whose partial results merge in any order. */
export const temperatureStats: CombineFn<
  Reading,
  StatsAcc,
  Omit<SensorStats, 'sensor' | 'start'>
> = {
  createAccumulator: () => ({ count: 0, sum: 0, min: Infinity, max: -Infinity }),
  addInput: (acc, r) => ({
    count: acc.count + 1,
    sum: acc.sum + r.celsius,
    min: Math.min(acc.min, r.celsius),
    max: Math.max(acc.max, r.celsius),
  }),
  mergeAccumulators: (accs) =>
    accs.reduce((a, b) => ({
      count: a.count + b.count,
      sum: a.sum + b.sum,
      min: Math.min(a.min, b.min),
      max: Math.max(a.max, b.max),
    })),
  extractOutput: (acc) => ({
    count: acc.count,
    mean: Math.round((acc.sum / acc.count) * 100) / 100,
    min: acc.min,
    max: acc.max,
  }),
}

const hottest: CombineFn<Reading, number, number> = {
  createAccumulator: () => -Infinity,
  addInput: (max, r) => Math.max(max, r.celsius),
  mergeAccumulators: (maxes) => Math.max(...maxes),
  extractOutput: (max) => max,
}

/** Sensors measure between -50 and 150 °C; anything else is a broken reading. */
const validate: DoFn<unknown, { main: Reading; dead_letter: { value: unknown; reason: string } }> =
  {
    tags: ['main', 'dead_letter'],
    process(value, ctx) {
      const r = value as Partial<Reading> | null
      if (typeof r?.sensor !== 'string' || typeof r.site !== 'string')
        ctx.output('dead_letter', { value, reason: 'missing sensor or site' })
      else if (typeof r.celsius !== 'number' || !(r.celsius >= -50 && r.celsius <= 150))
        ctx.output('dead_letter', {
          value,
          reason: `implausible temperature: ${String(r.celsius)}`,
        })
      else ctx.output('main', { sensor: r.sensor, site: r.site, celsius: r.celsius })
    },
  }

/**
 * Sinks: `sensor_stats`, `site_max`, `late` (late readings' sensors) and `dead_letter`.
 *
 * @example
 * const runner = inMemoryRunner(sensorPipeline(), { partitions: { readings: 2 }, idleTimeout: '1m', wallClock: 0 })
 */
export function sensorPipeline(grace = '30s'): Pipeline {
  const p = pipeline()
  const checked = p.source<unknown>('readings').parDo('validate', validate)
  checked.dead_letter.output('dead_letter')

  const perSensor = checked.main
    .windowInto(tumbling('1m'), { grace })
    .map('by-sensor', (r): KV<Reading> => ({ key: r.sensor, value: r }))
    .combinePerKey('stats', temperatureStats)
  perSensor.main
    .map('stats-row', ({ key, window, value }) => ({ sensor: key, start: window.start, ...value }))
    .output('sensor_stats')
  perSensor.late.map('late-sensor', (kv) => kv.value.sensor).output('late')

  const perSite = checked.main
    .windowInto(hopping('5m', '1m'), { grace })
    .map('by-site', (r): KV<Reading> => ({ key: r.site, value: r }))
    .combinePerKey('hottest', hottest)
  perSite.main.map('site-row', siteRow).output('site_max')
  return p.build()
}

const siteRow = ({ key, window, value }: WindowedValue<number>): SiteMax => ({
  site: key,
  start: window.start,
  end: window.end,
  max: value,
})
