/**
 * The overview page: filter form, KPIs over the chosen range, the alert banner, the four charts,
 * pipeline health and the incident feed. The page script (`public/live.js`) subscribes to
 * `/api/stream` with the same filters and prepends new incidents without a reload.
 */
import type { JsonSafe } from '../db/json-safe.ts'
import type { PipelineHealth } from '../health/pipeline-health.ts'
import type { Kpis } from '../queries/overview.ts'
import type { RenderedChart } from './chart-panel.ts'
import { alertBanner, healthPanel, incidentTable, kpiCards } from './components.ts'
import { formatTime, html, localHref, type Html } from './html.ts'
import { layout } from './layout.ts'
import { rangePresets, type PageQuery } from './page-query.ts'

export interface OverviewPageData {
  nonce: string
  query: PageQuery
  anchor: number | null
  kpis: Kpis
  charts: RenderedChart[]
  alerts: Record<string, JsonSafe>[]
  feed: Record<string, JsonSafe>[]
  nextCursor: string | null
  choices: { services: string[]; categories: string[] }
  pipeline: PipelineHealth
  manifestAt: number | null
}

const levelOptions = ['', 'ERROR', 'WARNING', 'INFO', 'ERROR,WARNING']

function filterForm(q: PageQuery, choices: OverviewPageData['choices']): Html {
  const option = (value: string, label: string, selected: boolean) =>
    html`<option value="${value}" ${selected ? 'selected' : ''}>${label}</option>`
  return html`<form class="filters" method="get" action="/" id="filters">
    <label
      >Range
      <select name="range">
        ${Object.keys(rangePresets).map((r) => option(r, r === 'all' ? 'all time' : `last ${r}`, q.range === r))}
      </select></label
    >
    <label
      >Level
      <select name="level">
        ${levelOptions.map((l) => option(l, l === '' ? 'any' : l.replace(',', ' + '), (q.level ?? '') === l))}
      </select></label
    >
    <label
      >Service
      <input
        name="service"
        list="services"
        value="${q.service ?? ''}"
        maxlength="100"
        autocomplete="off"
    /></label>
    <datalist id="services">
      ${choices.services.map((s) => html`<option value="${s}"></option>`)}
    </datalist>
    <label
      >Category
      <input
        name="category"
        list="categories"
        value="${q.category ?? ''}"
        maxlength="100"
        autocomplete="off"
    /></label>
    <datalist id="categories">
      ${choices.categories.map((s) => html`<option value="${s}"></option>`)}
    </datalist>
    <label
      >Text
      <input name="q" type="search" value="${q.q ?? ''}" maxlength="200" placeholder="in message"
    /></label>
    <button type="submit">Apply</button>
  </form>` as Html
}

/**
 * @example
 * c.html(overviewPage({ nonce, query, anchor, kpis, charts, ... }))
 */
export function overviewPage(d: OverviewPageData): Html {
  const q = d.query
  const filters = { level: q.level, service: q.service, category: q.category, q: q.q }
  const older = d.nextCursor
    ? localHref('/', { range: q.range, ...filters, cursor: d.nextCursor })
    : null
  const body = html`<main class="overview">
    <header class="page-head">
      <h1>Incidents</h1>
      <p class="muted">
        Range ${q.range === 'all' ? 'all time' : `last ${q.range}`} up to
        ${d.anchor === null ? 'now' : formatTime(d.anchor)} (newest committed incident).
        <span id="live-status" class="live">connecting…</span>
      </p>
    </header>
    ${filterForm(q, d.choices)} ${alertBanner(d.alerts)} ${kpiCards(d.kpis)}
    <p id="new-data" class="new-data" hidden>
      <span id="new-count">0</span> new incidents since this page loaded.
      <a href="${localHref('/', { range: q.range, ...filters })}">Refresh figures and charts</a>
    </p>
    <section class="charts" aria-label="Charts">
      ${d.charts.map(
        (ch) =>
          html`<figure class="chart" id="chart-${ch.id}">
            <figcaption>${ch.title}</figcaption>
            ${ch.figure}
          </figure>`,
      )}
    </section>
    ${healthPanel(d.pipeline, d.anchor, d.manifestAt)}
    <section class="feed">
      <h2>Live feed</h2>
      <div id="feed" data-stream="${localHref('/api/stream', filters)}">
        ${incidentTable(d.feed, { id: 'feed-table', empty: 'No incidents match these filters in this range.' })}
      </div>
      ${older ? html`<p><a href="${older}" rel="next">Older incidents</a></p>` : ''}
    </section>
  </main>` as Html
  return layout(
    { title: 'Overview', nonce: d.nonce, active: 'overview', scripts: ['live.js'] },
    body,
  )
}
