/**
 * Renders the overview's four charts server-side with the chart builders of `views/charts/`
 * (Observable Plot into a jsdom document) and returns inline SVG carrying the page's CSP nonce.
 * A builder that throws costs its own chart only: the panel shows why, and the error is logged.
 */
import type { Logger } from 'pino'
import type { OverviewData } from '../queries/overview.ts'
import {
  categoryBreakdown,
  incidentsPerHour,
  mttrByService,
  renderChartSvg,
  serviceHourHeatmap,
} from './charts/index.ts'
import { chartDocument } from './chart-document.ts'
import { html, svgWithNonce, type Html } from './html.ts'

export interface RenderedChart {
  id: string
  title: string
  figure: Html
}

type Row = OverviewData['categories'][number]
const str = (v: Row[string] | undefined): string | null => (typeof v === 'string' ? v : null)
const num = (v: Row[string] | undefined): number | string | null =>
  typeof v === 'number' || typeof v === 'string' ? v : null

/**
 * @example
 * const charts = renderCharts(await overview(db, filter, extent), { nonce, logger })
 */
export function renderCharts(
  data: OverviewData,
  o: { nonce: string; logger: Logger; width?: number },
): RenderedChart[] {
  const doc = chartDocument()
  const width = o.width ?? 640
  const specs: { id: string; title: string; draw: () => string }[] = [
    {
      id: 'per-hour',
      title: 'Incidents per hour by level',
      draw: () =>
        renderChartSvg(
          incidentsPerHour,
          data.perHourByLevel.map((r) => ({
            hour: str(r.hour),
            level: str(r.level),
            count: num(r.count),
          })),
          { document: doc, width },
        ),
    },
    {
      id: 'heatmap',
      title: 'Incidents by service and hour',
      draw: () =>
        renderChartSvg(
          serviceHourHeatmap,
          data.serviceByHour.map((r) => ({
            hour: str(r.hour),
            service: str(r.service),
            count: num(r.count),
          })),
          { document: doc, width },
        ),
    },
    {
      id: 'categories',
      title: 'Incidents by category',
      draw: () =>
        renderChartSvg(
          categoryBreakdown,
          data.categories.map((r) => ({ category: str(r.category), count: num(r.count) })),
          { document: doc, width },
        ),
    },
    {
      id: 'mttr',
      title: 'Mean time to resolve by service',
      draw: () =>
        renderChartSvg(
          mttrByService,
          data.mttrByService.map((r) => ({
            service: str(r.service),
            mttr_mean: num(r.mttr_mean),
            mttr_p50: num(r.mttr_p50),
            mttr_p95: num(r.mttr_p95),
            samples: num(r.samples),
          })),
          { document: doc, width },
        ),
    },
  ]
  return specs.map((s) => {
    try {
      return { id: s.id, title: s.title, figure: svgWithNonce(s.draw(), o.nonce) }
    } catch (err) {
      o.logger.error({ err, chart: s.id }, 'chart failed to render')
      return {
        id: s.id,
        title: s.title,
        figure: html`<p class="muted">
          This chart could not be drawn; see the server log.
        </p>` as Html,
      }
    }
  })
}
