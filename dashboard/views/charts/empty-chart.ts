/**
 * The figure a builder returns when it has nothing to draw: the same size, title and markup shape
 * as a real chart, with a centred message instead of axes, so the dashboard layout does not jump
 * and a reader is told why the chart is blank.
 */
import * as Plot from '@observablehq/plot'
import { finishChart, type ChartFigure, type ChartOptions } from './chart-options.ts'

/** Renders `options.emptyMessage` in a frame of the chart's size. */
export function emptyChart(options: ChartOptions, className: string, height: number): ChartFigure {
  const figure = Plot.plot({
    document: options.document,
    className,
    width: options.width,
    height,
    ariaLabel: options.title,
    x: { axis: null },
    y: { axis: null },
    marks: [
      Plot.frame({ stroke: '#d0d4da', strokeDasharray: '4,3' }),
      Plot.text([options.emptyMessage], { frameAnchor: 'middle', fontSize: 13, fill: '#5f6b7a' }),
    ],
  })
  return finishChart(figure, options.document, options.title, options.emptyMessage)
}
