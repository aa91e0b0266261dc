/**
 * The text the evaluation prints for one background rate: a heading with the rate, the analysis
 * table per analyzer and kind, the false alerts per rule over the background-only hours, and the
 * detection latency per kind. Pure.
 */
import { textTable } from '../dashboard/text-table.ts'
import type { AlertScores } from './score-alerts.ts'
import type { SummaryRow } from './summarize.ts'

export interface RenderedRun {
  pipeline: string
  perKind: number
  seed: number
  noiseRate: number
  events: number
  /** Wall-clock seconds of the run. */
  seconds: number
  summary: readonly SummaryRow[]
  alerts: AlertScores
}

const table = <T extends object>(rows: readonly T[]): string =>
  textTable(
    Object.keys(rows[0] ?? {}),
    rows.map((r) => Object.values(r) as (string | number | null)[]),
  )

/**
 * @example
 * console.log(renderRun({ pipeline: 'direct', perKind: 2, seed: 7, noiseRate: 1, events,
 *   seconds: 3.2, summary, alerts }))
 */
export function renderRun(r: RenderedRun): string {
  const { backgroundHours, falseAlerts, latency, byRule } = r.alerts
  return [
    `== background noise ${r.noiseRate} events/s (pipeline: ${r.pipeline}): ${r.perKind} ` +
      `scenarios per kind, seed ${r.seed}, ${r.events} events, ${r.seconds}s ==`,
    '',
    table(r.summary),
    '',
    `false alerts at ${r.noiseRate} events/s over ${backgroundHours} h of background-only event time:`,
    table(falseAlerts),
    '',
    `detection latency at ${r.noiseRate} events/s, first WARNING/ERROR event to the first alert:`,
    table(latency),
    '',
    `detection by each rule alone at ${r.noiseRate} events/s:`,
    table(byRule),
  ].join('\n')
}
