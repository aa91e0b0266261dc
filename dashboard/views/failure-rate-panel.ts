/**
 * The incident page's "failure rate against baseline" section: for the most abnormal of the
 * incident's service and its map neighbours, a chart of failures per minute against the
 * service's baseline and a table of each one's most abnormal run (when, how many failures
 * against how many expected, how unlikely). A chart that fails to draw leaves the table.
 */
import type { Logger } from 'pino'
import type { ServiceFailureRate } from '../analysis/failure-baseline.ts'
import { chartDocument } from './chart-document.ts'
import { failureRate, renderChartSvg } from './charts/index.ts'
import { html, svgWithNonce, text, type Html } from './html.ts'

const hhmm = (ms: number): string => new Date(ms).toISOString().slice(11, 16)

/** "1 in 3,000": how unlikely a score (−log10 p) is, in words a reader can weigh. */
function oddsOf(score: number): string {
  if (score < 1) return 'usual'
  if (score >= 12) return `1 in 10^${Math.floor(score)}`
  return `1 in ${Math.round(10 ** score).toLocaleString('en-US')}`
}

function chart(rates: readonly ServiceFailureRate[], at: number, nonce: string, logger: Logger) {
  try {
    const rows = rates.map((r) => ({
      service: r.service,
      baselinePerMinute: r.baseline.perMinute,
      burst: { from: r.burst.from, to: r.burst.to },
      series: r.series,
    }))
    return svgWithNonce(renderChartSvg(failureRate, rows, { document: chartDocument(), at }), nonce)
  } catch (err) {
    logger.error({ err, chart: 'failure-rate' }, 'chart failed to render')
    return html`<p class="muted">This chart could not be drawn; see the server log.</p>` as Html
  }
}

/**
 * @example
 * failureRatePanel({ rates, at: incidentTime, nonce, logger })
 */
export function failureRatePanel(o: {
  rates: readonly ServiceFailureRate[]
  at: number
  nonce: string
  logger: Logger
}): Html {
  if (o.rates.length === 0) return html`` as Html
  return html`<section class="failure-rates" id="failure-rates">
    <h2>Failure rate against baseline</h2>
    <figure>${chart(o.rates, o.at, o.nonce, o.logger)}</figure>
    <table class="rows" id="failure-rate-table">
      <thead>
        <tr>
          <th>Service</th>
          <th>Most abnormal run</th>
          <th>Failures</th>
          <th>Expected</th>
          <th>How unusual</th>
        </tr>
      </thead>
      <tbody>
        ${o.rates.map(
          (r) =>
            html`<tr data-service="${text(r.service)}">
              <td>${text(r.service)}</td>
              <td>${hhmm(r.burst.from)}–${hhmm(r.burst.to + 60_000)} UTC</td>
              <td>${String(r.burst.failures)}</td>
              <td>${r.burst.anomaly.expected.toFixed(1)}</td>
              <td>${oddsOf(r.burst.anomaly.score)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>` as Html
}
