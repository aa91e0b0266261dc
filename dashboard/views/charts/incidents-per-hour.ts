/**
 * Incidents per hour, stacked by log level. One bar per UTC hour between the first and the last
 * hour in the rows (hours with no incidents stay empty rather than vanishing from the axis), with
 * ERROR at the base so the most important band is the easiest to compare across hours.
 */
import * as Plot from '@observablehq/plot'
import {
  finishChart,
  resolveChartOptions,
  type ChartDefaults,
  type ChartFigure,
  type ChartInput,
  type ChartOptions,
} from './chart-options.ts'
import { formatHour, formatHourTick, toEpochMs, type TimeValue } from './chart-time.ts'
import { countAxis, formatCount, toCount, type CountValue } from './chart-values.ts'
import { emptyChart } from './empty-chart.ts'
import { swatchLegend } from './swatch-legend.ts'

/** One (hour, level) count, e.g. `SELECT window_start AS hour, level, sum(event_count) AS count`. */
export interface IncidentsPerHourRow {
  hour: TimeValue
  level: string | null
  count: CountValue
}

export interface IncidentsPerHourOptions extends ChartOptions {
  height: number
  /** Zone named in the axis label; hours are always drawn in UTC. */
  timeZoneLabel: string
}

export type IncidentLevel = 'INFO' | 'WARNING' | 'ERROR'

/** Fixed level colours, each at least 3:1 against white and apart in hue and lightness. */
export const levelColors = {
  ERROR: '#b91c1c',
  WARNING: '#c27c00',
  INFO: '#7a8fa6',
} as const satisfies Record<IncidentLevel, string>

const LEVELS: readonly IncidentLevel[] = ['ERROR', 'WARNING', 'INFO']
const HOUR = 3_600_000

const defaultIncidentsPerHourOptions = {
  width: 640,
  height: 260,
  title: 'Incidents per hour by level',
  emptyMessage: 'No incidents in this time range',
  timeZoneLabel: 'UTC',
} satisfies ChartDefaults<IncidentsPerHourOptions>

interface Bar {
  hour: Date
  level: IncidentLevel
  count: number
}

/**
 * Stacked bars of incidents per hour by level. Rows with an unknown level, an invalid time or a
 * non-numeric count are skipped; duplicate (hour, level) rows are summed.
 *
 * @example
 * const svg = incidentsPerHour(rows, { document, timeZoneLabel: 'UTC' })
 */
export function incidentsPerHour(
  rows: readonly IncidentsPerHourRow[],
  input: ChartInput<IncidentsPerHourOptions>,
): ChartFigure {
  const options = resolveChartOptions(defaultIncidentsPerHourOptions, input)
  const className = 'chart-incidents-per-hour'
  const bars = aggregate(rows)
  if (bars.length === 0) return emptyChart(options, className, options.height)

  const totals = new Map<number, number>()
  for (const bar of bars) totals.set(+bar.hour, (totals.get(+bar.hour) ?? 0) + bar.count)
  const [peakHour, peak] = [...totals].reduce((a, b) => (b[1] > a[1] ? b : a))
  const total = [...totals.values()].reduce((a, b) => a + b, 0)
  const y = countAxis(peak, (options.height - 70) / 35)

  const figure = Plot.plot({
    document: options.document,
    className,
    width: options.width,
    height: options.height,
    marginTop: 34,
    marginBottom: 42,
    ariaLabel: options.title,
    x: {
      type: 'band',
      interval: 'hour',
      padding: 0.1,
      label: `Hour (${options.timeZoneLabel})`,
      tickFormat: formatHourTick,
    },
    y: { ...y, grid: true, label: 'Incidents', tickFormat: formatCount },
    color: { domain: LEVELS, range: LEVELS.map((level) => levelColors[level]) },
    marks: [
      Plot.barY(bars, {
        x: 'hour',
        y: 'count',
        fill: 'level',
        order: [...LEVELS],
        stroke: 'white',
        strokeWidth: 0.5,
        title: (d: Bar) =>
          `${formatHour(+d.hour)} ${options.timeZoneLabel}\n${d.level}: ${formatCount(d.count)}`,
      }),
      Plot.ruleY([0]),
      ...swatchLegend(LEVELS.map((level) => ({ label: level, color: levelColors[level] }))),
    ],
  })
  const hours = [...totals.keys()]
  const span = (Math.max(...hours) - Math.min(...hours)) / HOUR + 1
  const description =
    options.description ??
    `${formatCount(total)} incidents over ${span} hour${span === 1 ? '' : 's'}; ` +
      `peak ${formatCount(peak)} at ${formatHour(peakHour)} ${options.timeZoneLabel}.`
  return finishChart(figure, options.document, options.title, description)
}

function aggregate(rows: readonly IncidentsPerHourRow[]): Bar[] {
  const sums = new Map<string, Bar>()
  for (const row of rows) {
    const ms = toEpochMs(row.hour)
    const count = toCount(row.count)
    const level = String(row.level ?? '').toUpperCase()
    if (ms === undefined || count === undefined || count <= 0 || !isLevel(level)) continue
    const hour = Math.floor(ms / HOUR) * HOUR
    const key = `${hour}|${level}`
    const bar = sums.get(key) ?? { hour: new Date(hour), level, count: 0 }
    bar.count += count
    sums.set(key, bar)
  }
  return [...sums.values()].sort((a, b) => +a.hour - +b.hour)
}

function isLevel(value: string): value is IncidentLevel {
  return (LEVELS as readonly string[]).includes(value)
}
