/* global document, window, CSS, EventSource */
// Overview page: subscribes to /api/stream with the page's filters and updates the feed, the
// alert banner, the KPI counts and the health panel as new files are committed.
import { display, el, incidentRow } from './common.js'

const feed = document.getElementById('feed')
const tbody = feed.querySelector('tbody')
const status = document.getElementById('live-status')
const maxRows = 200
let newCount = 0

function setStatus(text, className) {
  status.textContent = text
  status.className = 'live ' + className
}

function addToKpi(id, n) {
  const node = document.getElementById(id)
  const current = Number(node.textContent.replace(/,/g, '')) || 0
  node.textContent = (current + n).toLocaleString('en-US')
}

function onIncidents(rows) {
  tbody.querySelector('tr.empty')?.remove()
  for (const row of [...rows].reverse()) {
    if (tbody.querySelector(`tr[data-event-id="${CSS.escape(String(row.event_id))}"]`)) continue
    const tr = incidentRow(row)
    tr.classList.add('fresh')
    tbody.prepend(tr)
  }
  while (tbody.rows.length > maxRows) tbody.lastElementChild.remove()
  newCount += rows.length
  document.getElementById('new-count').textContent = String(newCount)
  document.getElementById('new-data').hidden = false
  addToKpi('kpi-total', rows.length)
  addToKpi('kpi-errors', rows.filter((r) => r.level === 'ERROR').length)
  addToKpi('kpi-warnings', rows.filter((r) => r.level === 'WARNING').length)
}

/** An alert's state, and its count against its threshold or baseline (as components.ts). */
function alertDetail(a) {
  const from = `events from ${display(a.window_start)}`
  if (a.rule_kind !== 'anomaly')
    return `${display(a.state)}: ${display(a.count)} ${from} (threshold ${display(a.threshold)})`
  const fixed = (n) => (typeof n === 'number' ? n.toFixed(1) : '—')
  return `${display(a.state)}: ${display(a.count)} ${from}, ${fixed(a.expected)} expected (score ${fixed(a.score)})`
}

function onAlerts(alerts) {
  const list = document.getElementById('alert-list')
  for (const a of [...alerts].reverse()) {
    const li = el('li')
    li.append(el('span', a.rule, 'rule'), ' ', el('span', a.key, 'key'))
    li.append(`: ${alertDetail(a)}`)
    list.prepend(li)
  }
  while (list.children.length > 10) list.lastElementChild.remove()
  document.getElementById('alert-banner').hidden = false
}

function onHealth(report) {
  const p = report.pipeline
  const set = (id, value) => (document.getElementById(id).textContent = value)
  const statusNode = document.getElementById('health-status')
  statusNode.textContent = p.up ? 'Topology metrics up' : p.error || 'Topology metrics unavailable'
  statusNode.className = p.up ? 'ok' : 'down'
  set('health-lag', p.lag === null ? '—' : p.lag.toLocaleString('en-US'))
  set(
    'health-throughput',
    p.throughputPerSec === null ? '—' : `${p.throughputPerSec.toFixed(1)} records/s`,
  )
  set(
    'health-commit',
    p.lastCommitAt === null ? '—' : display(new Date(p.lastCommitAt).toISOString()),
  )
  set('health-latest', display(report.freshness.latest_event_time))
  const incidents = report.tables.find((t) => t.table === 'incidents')
  set('health-manifest', display(incidents?.manifest_updated_at ?? null))
}

const source = new EventSource(feed.dataset.stream)
source.addEventListener('open', () => setStatus('live', 'on'))
source.addEventListener('error', () => setStatus('reconnecting…', 'off'))
source.addEventListener('incidents', (e) => onIncidents(JSON.parse(e.data)))
source.addEventListener('alerts', (e) => onAlerts(JSON.parse(e.data)))
source.addEventListener('health', (e) => onHealth(JSON.parse(e.data)))
source.addEventListener('problem', () => setStatus('stream error; reconnecting…', 'off'))
window.addEventListener('pagehide', () => source.close())
