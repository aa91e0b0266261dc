/**
 * Test helper: a minimal dashboard for the browser test — our routes mounted under `/api` the
 * way the dashboard will mount them, and one page whose script POSTs with
 * `Accept: text/event-stream`, shows the progress stages and renders the result with
 * `textContent` only (the JSON-shape contract for the real page), plus the server-rendered
 * fragment of `renderAnalysisHtml`. Stand-in until the dashboard's own page exists.
 */
import { Hono } from 'hono'
import { type AnalysisRouteDeps, analysisRoutes } from './routes.ts'

/**
 * @example
 * const app = createDemoApp({ loadBundle, analyzer })
 * serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
 */
export function createDemoApp(deps: AnalysisRouteDeps): Hono {
  const app = new Hono()
  app.route('/api', analysisRoutes(deps))
  app.get('/', (c) => c.html(DEMO_PAGE))
  return app
}

const DEMO_SCRIPT = `
const $ = (id) => document.getElementById(id)
window.stages = []
const el = (tag, text, cls) => {
  const node = document.createElement(tag)
  if (text !== undefined) node.textContent = text
  if (cls) node.className = cls
  return node
}
function list(tag, items, render) {
  const root = el(tag)
  for (const item of items) root.append(render(item))
  return root
}
function render(r) {
  const box = $('result')
  box.replaceChildren()
  const u = r.usage
  $('usage').textContent = 'Source: ' + r.source + ' (' + r.model + ')' +
    (u ? ' · tokens: prompt ' + u.prompt_tokens + ', output ' + u.candidates_tokens + ', total ' + u.total_tokens : '')
  box.append(el('h3', 'Executive summary'), el('p', r.executive_summary))
  box.append(el('h3', 'Root-cause hypotheses'), list('ol', r.root_cause_hypotheses, (h) => {
    const li = el('li')
    li.append(el('strong', [h.category, h.service].filter(Boolean).join(' · ')), el('span', ' ' + Math.round(h.confidence * 100) + '%'))
    li.append(el('p', h.hypothesis), el('p', 'Evidence: ' + h.supporting_event_ids.join(', ')))
    return li
  }))
  box.append(el('h3', 'Timeline'), list('ol', r.timeline, (t) => el('li', t.time + ' ' + (t.event_id || '') + ' ' + t.description)))
  box.append(el('h3', 'Short term'), list('ul', r.actions.short_term, (a) => el('li', '☐ ' + a)))
  box.append(el('h3', 'Long term'), list('ul', r.actions.long_term, (a) => el('li', '☐ ' + a)))
}
function handle(block) {
  const lines = block.split('\\n')
  const event = (lines.find((l) => l.startsWith('event: ')) || 'event: message').slice(7)
  const data = JSON.parse(lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\\n'))
  if (event === 'progress') {
    window.stages.push(data.stage)
    $('status').textContent = data.stage + (data.chars === undefined ? '' : ' ' + data.chars + ' chars')
  } else if (event === 'result') {
    render(data)
    $('status').textContent = 'done'
  } else if (event === 'error') {
    $('status').textContent = 'Error: ' + data.detail
  }
}
async function analyze() {
  window.stages = []
  $('status').textContent = 'starting'
  const url = '/api/incidents/' + encodeURIComponent($('incident').value) + '/analysis'
  const res = await fetch(url, { method: 'POST', headers: { accept: 'text/event-stream' } })
  if (!res.ok) {
    $('status').textContent = 'Error: ' + (await res.json()).detail
    return
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    buffer += value
    let end
    while ((end = buffer.indexOf('\\n\\n')) >= 0) {
      handle(buffer.slice(0, end))
      buffer = buffer.slice(end + 2)
    }
  }
}
async function fragment() {
  const url = '/api/incidents/' + encodeURIComponent($('incident').value) + '/analysis'
  const res = await fetch(url, { method: 'POST', headers: { accept: 'text/html' } })
  $('fragment').innerHTML = await res.text()
}
$('analyze').addEventListener('click', analyze)
$('fragment-button').addEventListener('click', fragment)
`

const DEMO_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Incident analysis</title></head>
<body>
<label>Incident <input id="incident" value="INC-0A1B2C3D"></label>
<button id="analyze">Analyze</button>
<button id="fragment-button">Load HTML fragment</button>
<p id="status"></p>
<p id="usage"></p>
<div id="result"></div>
<div id="fragment"></div>
<script>${DEMO_SCRIPT}</script>
</body>
</html>`
