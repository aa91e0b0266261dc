/**
 * Server-side chart builders for the incident dashboard. Each builder is a pure function
 * `(rows, options) => svg` over Observable Plot; `renderChartSvg` runs one and returns markup the
 * HTTP layer can inline. Pass a jsdom `window.document` as `options.document`.
 */
export type {
  ChartBuilder,
  ChartDocument,
  ChartFigure,
  ChartInput,
  ChartNode,
  ChartOptions,
} from './chart-options.ts'
export type { TimeValue } from './chart-time.ts'
export type { CountValue } from './chart-values.ts'
export {
  incidentsPerHour,
  levelColors,
  type IncidentLevel,
  type IncidentsPerHourOptions,
  type IncidentsPerHourRow,
} from './incidents-per-hour.ts'
export {
  serviceHourHeatmap,
  type ServiceHourHeatmapOptions,
  type ServiceHourHeatmapRow,
} from './service-hour-heatmap.ts'
export {
  categoryBreakdown,
  type CategoryBreakdownOptions,
  type CategoryBreakdownRow,
} from './category-breakdown.ts'
export {
  mttrByService,
  type MttrByServiceOptions,
  type MttrByServiceRow,
} from './mttr-by-service.ts'
export { failureRate, type FailureRateOptions, type FailureRateRow } from './failure-rate.ts'
export { renderChartSvg } from './render-chart-svg.ts'
