/**
 * Pieces the pages share: the incident table (feed and correlated list), KPI cards, the alert
 * banner and the pipeline-health panel. Every value is escaped by the `html` template; classes
 * and links are computed from fixed sets or encoded ids, never taken from data verbatim.
 */
import type { JsonSafe } from '../db/json-safe.ts'
import type { PipelineHealth } from '../health/pipeline-health.ts'
import type { Kpis } from '../queries/overview.ts'
import { formatTime, html, incidentHref, levelClass, text, type Html } from './html.ts'

type Row = Record<string, JsonSafe>

const reasonLabels: Record<string, string> = {
  same_incident: 'same incident id',
  same_service: 'same service',
  upstream: 'upstream',
  downstream: 'downstream',
}

/** A reason as text; map relations say how many hops away the row's service is. */
function reasonLabel(reason: string, r: Row): string {
  const label = reasonLabels[reason] ?? reason
  if ((reason === 'upstream' || reason === 'downstream') && typeof r.hops === 'number') {
    return `${label} (${r.hops} ${r.hops === 1 ? 'hop' : 'hops'})`
  }
  return label
}

/** Incident rows; with `why`, a "why correlated" column from each row's `reasons`. */
export function incidentTable(
  rows: readonly Row[],
  o: { id: string; why?: boolean; empty: string },
): Html {
  return html`<table class="incidents" id="${o.id}">
    <thead>
      <tr>
        <th>Time (UTC)</th>
        <th>Level</th>
        <th>Service</th>
        <th>Category</th>
        <th>Incident</th>
        <th>Message</th>
        ${o.why ? html`<th>Why correlated</th>` : ''}
      </tr>
    </thead>
    <tbody>
      ${
        rows.length === 0
          ? html`<tr class="empty">
              <td colspan="${o.why ? 7 : 6}">${o.empty}</td>
            </tr>`
          : ''
      }
      ${rows.map((r) => incidentRow(r, o.why))}
    </tbody>
  </table>` as Html
}

function incidentRow(r: Row, why = false): Html {
  const reasons = Array.isArray(r.reasons) ? r.reasons.map((x) => reasonLabel(String(x), r)) : []
  return html`<tr class="${levelClass(r.level)}" data-event-id="${text(r.event_id)}">
    <td class="time">${text(r.event_time)}</td>
    <td><span class="level ${levelClass(r.level)}">${text(r.level)}</span></td>
    <td>${text(r.service)}</td>
    <td>${text(r.category)}</td>
    <td>
      ${r.incident_id ? html`<a href="${incidentHref(r.incident_id)}">${text(r.incident_id)}</a>` : '—'}
    </td>
    <td class="msg"><a href="${incidentHref(r.event_id)}">${text(r.message)}</a></td>
    ${
      why
        ? html`<td class="why">
            ${reasons.join('; ') || '—'}${r.linked_service ? html` (via system of ${text(r.linked_service)})` : ''}
          </td>`
        : ''
    }
  </tr>` as Html
}

export function kpiCards(k: Kpis): Html {
  const card = (id: string, label: string, value: number, cls = '') =>
    html`<div class="kpi ${cls}">
      <span class="kpi-value" id="${id}">${value.toLocaleString('en-US')}</span
      ><span class="kpi-label">${label}</span>
    </div>`
  return html`<section class="kpis" aria-label="Key figures">
    ${card('kpi-total', 'incidents', k.total)} ${card('kpi-errors', 'ERROR', k.errors, 'lv-error')}
    ${card('kpi-warnings', 'WARNING', k.warnings, 'lv-warning')}
    ${card('kpi-services', 'affected services', k.services)}
  </section>` as Html
}

/**
 * What an alert record says: its state, and its count against the threshold or, for an anomaly
 * rule, against the baseline (live.js words it the same way).
 */
function alertDetail(a: Row): string {
  const from = `events from ${text(a.window_start)}`
  if (a.rule_kind !== 'anomaly')
    return `${text(a.state)}: ${text(a.count)} ${from} (threshold ${text(a.threshold)})`
  const expected = typeof a.expected === 'number' ? a.expected.toFixed(1) : '—'
  const score = typeof a.score === 'number' ? a.score.toFixed(1) : '—'
  return `${text(a.state)}: ${text(a.count)} ${from}, ${expected} expected (score ${score})`
}

/** Latest alerts; hidden when there are none, and filled in live by the page script. */
export function alertBanner(alerts: readonly Row[]): Html {
  return html`<section
    class="alert-banner"
    id="alert-banner"
    role="status"
    ${alerts.length === 0 ? 'hidden' : ''}
  >
    <strong>Alerts</strong>
    <ul id="alert-list">
      ${alerts.map((a) => html`<li><span class="rule">${text(a.rule)}</span> <span class="key">${text(a.key)}</span>: ${alertDetail(a)}</li>`)}
    </ul>
  </section>` as Html
}

const fmt = (n: number | null, digits = 0): string =>
  n === null ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: digits })

/** Pipeline health: lag, throughput, last commit, and data freshness. */
export function healthPanel(
  p: PipelineHealth,
  latestEvent: number | null,
  manifestAt: number | null,
): Html {
  return html`<section class="health" id="health" aria-label="Pipeline health">
    <h2>Pipeline</h2>
    <p id="health-status" class="${p.up ? 'ok' : 'down'}">
      ${p.up ? 'Topology metrics up' : (p.error ?? 'Topology metrics unavailable')}
    </p>
    <dl>
      <dt>Consumer lag</dt>
      <dd id="health-lag">${fmt(p.lag)}</dd>
      <dt>Throughput</dt>
      <dd id="health-throughput">
        ${p.throughputPerSec === null ? '—' : `${fmt(p.throughputPerSec, 1)} records/s`}
      </dd>
      <dt>Last commit</dt>
      <dd id="health-commit">${p.lastCommitAt === null ? '—' : formatTime(p.lastCommitAt)}</dd>
      <dt>Latest incident</dt>
      <dd id="health-latest">${latestEvent === null ? '—' : formatTime(latestEvent)}</dd>
      <dt>Manifest updated</dt>
      <dd id="health-manifest">${manifestAt === null ? '—' : formatTime(manifestAt)}</dd>
    </dl>
  </section>` as Html
}
