/**
 * The incident page: every field of the incident, the failure rates of its service and its map
 * neighbours against their baselines, its correlated incidents with a "why correlated" column, the correlation-window control, and the Analyze button. The page script
 * (`public/incident.js`) POSTs to `/api/incidents/{id}/analysis`, shows the streamed progress and
 * renders the result as text only.
 */
import type { IncidentDetail } from '../queries/incident-detail.ts'
import { incidentTable } from './components.ts'
import { html, levelClass, text, type Html } from './html.ts'
import { layout } from './layout.ts'

/**
 * @example
 * c.html(incidentPage({ nonce, detail, analysis: true, failures: failureRatePanel({ rates, at, nonce, logger }) }))
 */
export function incidentPage(d: {
  nonce: string
  detail: IncidentDetail
  analysis: boolean
  /** The failure-rate section (`failure-rate-panel.ts`); empty for an incident without a service. */
  failures: Html
}): Html {
  const inc = d.detail.incident
  const fields = Object.entries(inc).filter(([k]) => k !== 'message')
  const body = html`<main class="incident">
    <p><a href="/">← Overview</a></p>
    <h1>
      <span class="level ${levelClass(inc.level)}">${text(inc.level)}</span>
      ${text(inc.incident_id ?? inc.event_id)}
    </h1>
    <p class="message" id="incident-message">${text(inc.message)}</p>
    <dl class="fields">
      ${fields.map(
        ([k, v]) =>
          html`<dt>${k}</dt>
            <dd>${text(v)}</dd>`,
      )}
    </dl>
    <section class="analysis-panel" id="analysis" data-incident="${text(inc.event_id)}">
      <h2>Root-cause analysis</h2>
      ${
        d.analysis
          ? html`<button type="button" id="analyze">Analyze</button>
              <span id="analysis-status" class="muted" role="status"></span>
              <ol id="analysis-progress" class="progress"></ol>
              <div id="analysis-result"></div>`
          : html`<p class="muted">Analysis is not available on this server.</p>`
      }
    </section>
    ${d.failures}
    <section class="correlated">
      <h2>Correlated incidents (${d.detail.correlated.length})</h2>
      <form method="get" class="filters">
        <label
          >Window ±
          <input
            type="number"
            name="window_minutes"
            min="1"
            max="1440"
            value="${d.detail.window_minutes}"
          />
          minutes</label
        >
        <label
          >Map hops <input type="number" name="hops" min="0" max="10" value="${d.detail.hops}"
        /></label>
        <button type="submit">Apply</button>
      </form>
      ${incidentTable(d.detail.correlated, { id: 'correlated-table', why: true, empty: 'No correlated incidents in this window.' })}
    </section>
  </main>` as Html
  return layout(
    {
      title: text(inc.incident_id ?? inc.event_id),
      nonce: d.nonce,
      active: 'incident',
      scripts: ['incident.js'],
    },
    body,
  )
}
