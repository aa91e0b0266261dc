/**
 * Failures per minute of a few services around an incident, each against its baseline: one row
 * of small multiples per service, the failures as a line, the baseline rate as a dashed rule,
 * the service's most abnormal run shaded, and the incident's time as a vertical rule.
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
import { levelColors } from './incidents-per-hour.ts'
import { emptyChart } from './empty-chart.ts'

/** One service's failures per minute, its baseline and its most abnormal run, epoch ms. */
export interface FailureRateRow {
  service: string
  baselinePerMinute: number
  burst: { from: number; to: number }
  series: readonly { minute: number; failures: number }[]
}

export interface FailureRateOptions extends ChartOptions {
  /** The incident's event time, epoch ms. */
  at: number
  /** Height of each service's row, pixels. */
  rowHeight: number
}

const defaultFailureRateOptions = {
  width: 640,
  rowHeight: 90,
  at: 0,
  title: 'Failures per minute against each service’s baseline',
  emptyMessage: 'No related service has failures around this incident',
} satisfies ChartDefaults<FailureRateOptions>

const minute = 60_000

/**
 * @example
 * const svg = failureRate(rows, { document, at: incidentTime })
 */
export function failureRate(
  rows: readonly FailureRateRow[],
  input: ChartInput<FailureRateOptions>,
): ChartFigure {
  const options = resolveChartOptions(defaultFailureRateOptions, input)
  const className = 'chart-failure-rate'
  const height = 50 + options.rowHeight * rows.length
  if (rows.length === 0) return emptyChart(options, className, options.rowHeight + 50)
  const points = rows.flatMap((r) =>
    r.series.map((p) => ({ service: r.service, minute: new Date(p.minute), failures: p.failures })),
  )
  const bursts = rows.map((r) => ({
    service: r.service,
    from: new Date(r.burst.from),
    to: new Date(r.burst.to + minute),
  }))
  const figure = Plot.plot({
    document: options.document,
    className,
    width: options.width,
    height,
    marginLeft: 48,
    marginRight: 120,
    ariaLabel: options.title,
    x: { type: 'utc', label: 'Minute (UTC)' },
    y: { grid: true, label: 'Failures / min' },
    fy: { domain: rows.map((r) => r.service), label: null },
    marks: [
      Plot.rectX(bursts, { x1: 'from', x2: 'to', fy: 'service', fill: '#fde2e2' }),
      Plot.ruleY(rows, {
        y: 'baselinePerMinute',
        fy: 'service',
        stroke: '#5f6b7a',
        strokeDasharray: '4,3',
      }),
      Plot.lineY(points, { x: 'minute', y: 'failures', fy: 'service', stroke: levelColors.ERROR }),
      Plot.ruleX([new Date(options.at)], { stroke: '#1f2937' }),
    ],
  })
  const summary = rows
    .map((r) => `${r.service}: baseline ${r.baselinePerMinute.toFixed(2)} failures a minute`)
    .join('; ')
  return finishChart(figure, options.document, options.title, summary)
}
