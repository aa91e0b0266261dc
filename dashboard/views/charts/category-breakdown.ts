/**
 * Incidents by category as horizontal bars, largest first, each labelled with its count. Long
 * tails are folded into one "n more categories" bar so the chart stays readable.
 */
import * as Plot from '@observablehq/plot'
import { ConfigError } from '@incident-pipeline/dataflow'
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
  labelMargin,
  labelOf,
  toCount,
  truncateLabel,
  type CountValue,
} from './chart-values.ts'
import { emptyChart } from './empty-chart.ts'

/** One category's count; a null category is drawn as `unknownLabel`. */
export interface CategoryBreakdownRow {
  category: string | null
  count: CountValue
}

export interface CategoryBreakdownOptions extends ChartOptions {
  /** Most bars drawn; the rest are summed into one bar. */
  maxBars: number
  /** Height of one bar's row when `height` is undefined. */
  rowHeight: number
  /** Category names longer than this are shortened on the axis (the tooltip keeps them whole). */
  maxLabelChars: number
  /** Label for rows without a category. */
  unknownLabel: string
  /** Bar colour. */
  color: string
}

const defaultCategoryBreakdownOptions = {
  width: 640,
  title: 'Incidents by category',
  emptyMessage: 'No categorised incidents in this time range',
  maxBars: 12,
  rowHeight: 24,
  maxLabelChars: 28,
  unknownLabel: '(no category)',
  color: '#4f6d8f',
} satisfies ChartDefaults<CategoryBreakdownOptions>

const MARGIN_TOP = 20
const MARGIN_BOTTOM = 36

interface Bar {
  /** Rank, used as the y value so a real category can never share a band with the folded bar. */
  rank: number
  category: string
  count: number
  /** True for the bar that sums the categories beyond `maxBars`. */
  rest: boolean
}

/**
 * Horizontal bars of incidents per category, sorted by count. Rows with a non-numeric or
 * non-positive count are skipped; duplicate categories are summed.
 *
 * @example
 * const svg = categoryBreakdown(rows, { document, maxBars: 8 })
 */
export function categoryBreakdown(
  rows: readonly CategoryBreakdownRow[],
  input: ChartInput<CategoryBreakdownOptions>,
): ChartFigure {
  const options = resolveChartOptions(defaultCategoryBreakdownOptions, input)
  if (!Number.isInteger(options.maxBars) || options.maxBars < 1) {
    throw new ConfigError(`invalid maxBars: ${options.maxBars}`)
  }
  const className = 'chart-category-breakdown'
  const bars = rank(rows, options)
  const height =
    options.height ?? MARGIN_TOP + MARGIN_BOTTOM + Math.max(bars.length, 3) * options.rowHeight
  const [top] = bars
  if (top === undefined) return emptyChart(options, className, height)

  const total = bars.reduce((sum, bar) => sum + bar.count, 0)
  const labels = bars.map((bar) => bar.category)
  const figure = Plot.plot({
    document: options.document,
    className,
    width: options.width,
    height,
    marginTop: MARGIN_TOP,
    marginBottom: MARGIN_BOTTOM,
    marginLeft: labelMargin(labels, options.maxLabelChars),
    marginRight: 48,
    ariaLabel: options.title,
    x: {
      ...countAxis(top.count, (options.width - 200) / 80),
      grid: true,
      label: 'Incidents',
      tickFormat: formatCount,
    },
    y: {
      domain: bars.map((bar) => bar.rank),
      label: null,
      padding: 0.2,
      tickFormat: (rank: number) => truncateLabel(labels[rank] ?? '', options.maxLabelChars),
    },
    marks: [
      Plot.barX(bars, {
        x: 'count',
        y: 'rank',
        fill: (d: Bar) => (d.rest ? '#a9b4c2' : options.color),
        title: (d: Bar) => `${d.category}: ${formatCount(d.count)} (${percent(d.count, total)})`,
      }),
      Plot.text(bars, {
        x: 'count',
        y: 'rank',
        text: (d: Bar) => formatCount(d.count),
        textAnchor: 'start',
        dx: 4,
        ariaHidden: 'true',
      }),
      Plot.ruleX([0]),
    ],
  })
  const description =
    options.description ??
    `${formatCount(total)} incidents in ${bars.length} bar${bars.length === 1 ? '' : 's'}; ` +
      `largest ${top.category} with ${formatCount(top.count)} (${percent(top.count, total)}).`
  return finishChart(figure, options.document, options.title, description)
}

function rank(rows: readonly CategoryBreakdownRow[], options: CategoryBreakdownOptions): Bar[] {
  const sums = new Map<string, number>()
  for (const row of rows) {
    const count = toCount(row.count)
    if (count === undefined || count <= 0) continue
    const category = labelOf(row.category, options.unknownLabel)
    sums.set(category, (sums.get(category) ?? 0) + count)
  }
  const sorted: Bar[] = [...sums]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([category, count], rank) => ({ rank, category, count, rest: false }))
  if (sorted.length <= options.maxBars) return sorted
  const kept = sorted.slice(0, options.maxBars - 1)
  const folded = sorted.slice(options.maxBars - 1)
  const count = folded.reduce((sum, bar) => sum + bar.count, 0)
  const rest = {
    rank: kept.length,
    category: `${folded.length} more categories`,
    count,
    rest: true,
  }
  return [...kept, rest]
}

function percent(part: number, total: number): string {
  return `${total === 0 ? 0 : Math.round((part / total) * 100)}%`
}
