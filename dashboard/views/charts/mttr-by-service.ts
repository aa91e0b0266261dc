/**
 * Mean time to resolve per service: a bar for the mean, and a rule from the median (filled dot)
 * to the 95th percentile (open dot), so a slow tail shows even when the mean looks fine. The
 * sample count is printed beside each row, since a p95 over three resolutions means little.
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
import {
  countAxis,
  formatCount,
  formatMinutes,
  labelMargin,
  labelOf,
  toCount,
  truncateLabel,
  type CountValue,
} from './chart-values.ts'
import { emptyChart } from './empty-chart.ts'
import { swatchLegend } from './swatch-legend.ts'

/** MTTR statistics of one service, in minutes; a null service is drawn as `unknownLabel`. */
export interface MttrByServiceRow {
  service: string | null
  mttr_mean: CountValue
  mttr_p50: CountValue
  mttr_p95: CountValue
  samples: CountValue
}

export interface MttrByServiceOptions extends ChartOptions {
  /** Height of one service row when `height` is undefined. */
  rowHeight: number
  /** Service names longer than this are shortened on the axis (the tooltip keeps them whole). */
  maxLabelChars: number
  /** Label for rows without a service. */
  unknownLabel: string
}

const defaultMttrByServiceOptions = {
  width: 640,
  title: 'Mean time to resolve by service',
  emptyMessage: 'No resolved incidents with a duration in this time range',
  rowHeight: 26,
  maxLabelChars: 24,
  unknownLabel: '(no service)',
} satisfies ChartDefaults<MttrByServiceOptions>

const MEAN_COLOR = '#b4c3d6'
const TAIL_COLOR = '#1f3b5b'
const MARGIN_TOP = 34
const MARGIN_BOTTOM = 36

interface Stat {
  service: string
  mean: number | undefined
  p50: number | undefined
  p95: number | undefined
  samples: number
}

/**
 * MTTR per service, slowest mean first. Expects one row per service (a repeated service keeps its
 * first row); rows with none of mean, p50 and p95 are skipped.
 *
 * @example
 * const svg = mttrByService(rows, { document, title: 'MTTR, last 7 days' })
 */
export function mttrByService(
  rows: readonly MttrByServiceRow[],
  input: ChartInput<MttrByServiceOptions>,
): ChartFigure {
  const options = resolveChartOptions(defaultMttrByServiceOptions, input)
  const className = 'chart-mttr-by-service'
  const stats = collect(rows, options.unknownLabel)
  const height =
    options.height ?? MARGIN_TOP + MARGIN_BOTTOM + Math.max(stats.length, 3) * options.rowHeight
  const [slowest] = stats
  if (slowest === undefined) return emptyChart(options, className, height)

  const services = stats.map((stat) => stat.service)
  const max = Math.max(...stats.flatMap((s) => [s.mean ?? 0, s.p50 ?? 0, s.p95 ?? 0]))
  const figure = Plot.plot({
    document: options.document,
    className,
    width: options.width,
    height,
    marginTop: MARGIN_TOP,
    marginBottom: MARGIN_BOTTOM,
    marginLeft: labelMargin(services, options.maxLabelChars),
    marginRight: 56,
    ariaLabel: options.title,
    x: {
      ...countAxis(max, (options.width - 200) / 80),
      grid: true,
      label: 'Minutes to resolve',
      tickFormat: formatCount,
    },
    y: {
      domain: services,
      label: null,
      padding: 0.3,
      tickFormat: (service: string) => truncateLabel(service, options.maxLabelChars),
    },
    marks: mttrMarks(stats),
  })
  const description =
    options.description ??
    `MTTR for ${stats.length} service${stats.length === 1 ? '' : 's'}; slowest ${describe(slowest).replace(/\n/g, ', ')}.`
  return finishChart(figure, options.document, options.title, description)
}

/** Mean bars, p50-to-p95 rules with their dots, the sample counts and the legend. */
function mttrMarks(stats: readonly Stat[]): Plot.Markish[] {
  return [
    Plot.barX(
      stats.filter((s) => s.mean !== undefined),
      { x: 'mean', y: 'service', fill: MEAN_COLOR, title: describe },
    ),
    Plot.ruleY(
      stats.filter((s) => s.p50 !== undefined && s.p95 !== undefined),
      { y: 'service', x1: 'p50', x2: 'p95', stroke: TAIL_COLOR, strokeWidth: 2 },
    ),
    Plot.dot(
      stats.filter((s) => s.p50 !== undefined),
      { x: 'p50', y: 'service', r: 4, fill: TAIL_COLOR, title: describe },
    ),
    Plot.dot(
      stats.filter((s) => s.p95 !== undefined),
      {
        x: 'p95',
        y: 'service',
        r: 4,
        fill: 'white',
        stroke: TAIL_COLOR,
        strokeWidth: 1.5,
        title: describe,
      },
    ),
    Plot.text(stats, {
      y: 'service',
      frameAnchor: 'right',
      textAnchor: 'start',
      dx: 8,
      text: (s: Stat) => `n=${formatCount(s.samples)}`,
      fill: '#5f6b7a',
      ariaHidden: 'true',
    }),
    Plot.ruleX([0]),
    ...swatchLegend([
      { label: 'mean', color: MEAN_COLOR },
      { label: 'median (p50)', color: TAIL_COLOR, symbol: 'circle' },
      { label: 'p95', color: TAIL_COLOR, symbol: 'circle', hollow: true },
    ]),
  ]
}

function describe(s: Stat): string {
  const fmt = (n: number | undefined): string => (n === undefined ? 'n/a' : formatMinutes(n))
  return (
    `${s.service}\nmean ${fmt(s.mean)}, p50 ${fmt(s.p50)}, p95 ${fmt(s.p95)}\n` +
    `${formatCount(s.samples)} resolution${s.samples === 1 ? '' : 's'}`
  )
}

function collect(rows: readonly MttrByServiceRow[], unknownLabel: string): Stat[] {
  const stats: Stat[] = []
  const seen = new Set<string>()
  for (const row of rows) {
    const service = labelOf(row.service, unknownLabel)
    // Percentiles cannot be merged, so a repeated service keeps its first row.
    if (seen.has(service)) continue
    const stat: Stat = {
      service,
      mean: nonNegative(row.mttr_mean),
      p50: nonNegative(row.mttr_p50),
      p95: nonNegative(row.mttr_p95),
      samples: nonNegative(row.samples) ?? 0,
    }
    if (stat.mean === undefined && stat.p50 === undefined && stat.p95 === undefined) continue
    seen.add(service)
    stats.push(stat)
  }
  // Slowest first; ties by name so the order never depends on the query's row order.
  const key = (s: Stat): number => s.mean ?? s.p50 ?? s.p95 ?? 0
  return stats.sort(
    (a, b) => key(b) - key(a) || (a.service < b.service ? -1 : a.service > b.service ? 1 : 0),
  )
}

function nonNegative(value: CountValue): number | undefined {
  const n = toCount(value)
  return n !== undefined && n >= 0 ? n : undefined
}
