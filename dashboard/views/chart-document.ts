/**
 * The jsdom document the server-side charts draw into, created once on first use: Plot needs a
 * `document`, and the server has none.
 */
import { createRequire } from 'node:module'
import type { ChartDocument } from './charts/index.ts'

// jsdom is CommonJS without bundled types; only its document is needed, as Plot's `document`.
const { JSDOM } = createRequire(import.meta.url)('jsdom') as {
  JSDOM: new (markup?: string) => { window: { document: ChartDocument } }
}
let document: ChartDocument | undefined

/**
 * @example
 * renderChartSvg(incidentsPerHour, rows, { document: chartDocument() })
 */
export function chartDocument(): ChartDocument {
  document ??= new JSDOM('').window.document
  return document
}
