/**
 * Service × hour heatmap: one cell per (service, UTC hour), coloured by incident count in a few
 * discrete bins so a reader can match a cell to the legend. Services are ordered busiest first;
 * hours run from the first to the last hour in the rows, gaps included.
 */
import * as Plot from '@observablehq/plot'
import {
  finishChart,
  resolveChartOptions,
  type ChartDefaults,
  type ChartDocument,
  type ChartFigure,
  type ChartInput,
  type ChartOptions,
} from './chart-options.ts'
import { formatHour, formatHourTick, toEpochMs, type TimeValue } from './chart-time.ts'
import {
  formatCount,
  labelMargin,
  labelOf,
  toCount,
  truncateLabel,
  type CountValue,
} from './chart-values.ts'
import { emptyChart } from './empty-chart.ts'

/** One (hour, service) count; a null service is drawn as `unknownLabel`. */
export interface ServiceHourHeatmapRow {
  hour: TimeValue
  service: string | null
  count: CountValue
}

export interface ServiceHourHeatmapOptions extends ChartOptions {
  /** Zone named in the axis label; hours are always drawn in UTC. */
  timeZoneLabel: string
  /** Height of one service row when `height` is undefined. */
  rowHeight: number
  /** Service names longer than this are shortened on the axis (the tooltip keeps them whole). */
  maxLabelChars: number
  /** Label for rows without a service. */
  unknownLabel: string
}

const defaultServiceHourHeatmapOptions = {
  width: 640,
  title: 'Incidents by service and hour',
  emptyMessage: 'No incidents in this time range',
  timeZoneLabel: 'UTC',
  rowHeight: 22,
  maxLabelChars: 24,
  unknownLabel: '(no service)',
} satisfies ChartDefaults<ServiceHourHeatmapOptions>

const HOUR = 3_600_000
const MARGIN_TOP = 58
const MARGIN_BOTTOM = 42

interface Cell {
  hour: Date
  service: string
  count: number
}

/**
 * Heatmap of incident counts per service and hour. Rows with an invalid time or a non-numeric
 * count are skipped; duplicate (hour, service) rows are summed.
 *
 * @example
 * const svg = serviceHourHeatmap(rows, { document, width: 960 })
 */
export function serviceHourHeatmap(
  rows: readonly ServiceHourHeatmapRow[],
  input: ChartInput<ServiceHourHeatmapOptions>,
): ChartFigure {
  const options = resolveChartOptions(defaultServiceHourHeatmapOptions, input)
  const className = 'chart-service-hour-heatmap'
  const cells = aggregate(rows, options.unknownLabel)
  const services = rankServices(cells)
  const height =
    options.height ?? MARGIN_TOP + MARGIN_BOTTOM + Math.max(services.length, 3) * options.rowHeight
  if (cells.length === 0) return emptyChart(options, className, height)

  const hottest = cells.reduce((a, b) => (b.count > a.count ? b : a))
  const total = cells.reduce((sum, cell) => sum + cell.count, 0)
  const figure = Plot.plot({
    document: options.document,
    className,
    width: options.width,
    height,
    marginTop: MARGIN_TOP,
    marginBottom: MARGIN_BOTTOM,
    marginLeft: labelMargin(services, options.maxLabelChars),
    ariaLabel: options.title,
    x: {
      type: 'band',
      interval: 'hour',
      label: `Hour (${options.timeZoneLabel})`,
      tickFormat: formatHourTick,
    },
    y: {
      domain: services,
      label: null,
      tickFormat: (service: string) => truncateLabel(service, options.maxLabelChars),
    },
    color: colorScale(hottest.count),
    marks: [
      Plot.cell(cells, {
        x: 'hour',
        y: 'service',
        fill: 'count',
        inset: 0.5,
        title: (d: Cell) =>
          `${d.service}\n${formatHour(+d.hour)} ${options.timeZoneLabel}: ${formatCount(d.count)}`,
      }),
    ],
  })
  appendLegend(figure, options, hottest.count)
  const description =
    options.description ??
    `${formatCount(total)} incidents across ${services.length} service` +
      `${services.length === 1 ? '' : 's'}; busiest cell ${formatCount(hottest.count)} for ` +
      `${hottest.service} at ${formatHour(+hottest.hour)} ${options.timeZoneLabel}.`
  return finishChart(figure, options.document, options.title, description)
}

/** Discrete bins: a continuous ramp's legend needs canvas, which a server document lacks. */
function colorScale(max: number): Plot.ScaleOptions {
  return {
    type: 'quantize',
    scheme: 'YlOrRd',
    domain: [0, Math.max(max, 1)],
    n: Math.min(5, Math.ceil(Math.max(max, 1))),
  }
}

/** Plot's ramp legend is its own `<svg>`; nest it in the chart's top margin. */
function appendLegend(figure: ChartFigure, options: ServiceHourHeatmapOptions, max: number): void {
  const width = Math.min(240, options.width - 20)
  // Plot.legend reads `document` at run time like Plot.plot, but its type declarations omit it,
  // so the options go through a variable rather than a checked object literal.
  const legendOptions: Plot.LegendScales & { document: ChartDocument } = {
    document: options.document,
    className: 'chart-service-hour-heatmap-legend',
    width,
    marginLeft: 0,
    color: { ...colorScale(max), label: 'Incidents per hour' },
  }
  const legend: ChartFigure = Plot.legend(legendOptions)
  legend.setAttribute('x', String(options.width - width - 20))
  legend.setAttribute('y', '4')
  figure.appendChild(legend)
}

function aggregate(rows: readonly ServiceHourHeatmapRow[], unknownLabel: string): Cell[] {
  const sums = new Map<string, Cell>()
  for (const row of rows) {
    const ms = toEpochMs(row.hour)
    const count = toCount(row.count)
    if (ms === undefined || count === undefined || count < 0) continue
    const hour = Math.floor(ms / HOUR) * HOUR
    const service = labelOf(row.service, unknownLabel)
    const key = JSON.stringify([hour, service])
    const cell = sums.get(key) ?? { hour: new Date(hour), service, count: 0 }
    cell.count += count
    sums.set(key, cell)
  }
  return [...sums.values()]
}

/** Services by total count, busiest first; ties by name so the order never depends on input order. */
function rankServices(cells: readonly Cell[]): string[] {
  const totals = new Map<string, number>()
  for (const cell of cells) totals.set(cell.service, (totals.get(cell.service) ?? 0) + cell.count)
  return [...totals]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([service]) => service)
}
