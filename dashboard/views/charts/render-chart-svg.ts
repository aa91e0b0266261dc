/**
 * Runs a chart builder and serialises its figure, so an HTTP handler can inline the chart in a
 * server-rendered page. The markup comes from the DOM serialiser: text that came from the data
 * was set as text content, so it is escaped (`&lt;script&gt;`), never emitted as markup.
 */
import type { ChartBuilder, ChartInput, ChartOptions } from './chart-options.ts'

/**
 * Renders `builder(rows, options)` to an SVG string.
 *
 * @example
 * import { JSDOM } from 'jsdom'
 * const { document } = new JSDOM('').window
 * const svg = renderChartSvg(incidentsPerHour, rows, { document, title: 'Last 24 hours' })
 */
export function renderChartSvg<Row, O extends ChartOptions>(
  builder: ChartBuilder<Row, O>,
  rows: readonly Row[],
  options: ChartInput<O>,
): string {
  return builder(rows, options).outerHTML
}
