/* global document, fetch */
// Incident page: the Analyze button. POSTs to the analysis route asking for an event stream,
// lists the progress stages (retries included), then renders the structured result, its token
// usage and its citation check as plain text. Nothing from the model becomes a link, an image or
// markup, and markdown links, images and URLs in its text are reduced as `safeText` in
// analysis/render.ts does for the HTML fragment, so not even a copyable link is offered.
import { el, problemDetail, readEventStream } from './common.js'

const panel = document.getElementById('analysis')
const button = document.getElementById('analyze')
const statusNode = document.getElementById('analysis-status')
const progress = document.getElementById('analysis-progress')
const result = document.getElementById('analysis-result')

const stageText = {
  correlating: (p) => `Correlating ${p.event_count} events (${p.correlated_count} correlated)`,
  prompting: (p) => `Asking ${p.model}`,
  generating: (p) => `Generating… ${p.chars} characters`,
  retrying: (p) =>
    `Retrying (attempt ${p.attempt}) in ${Math.round(p.delay_ms / 100) / 10} s: ${p.reason}`,
}

/** Model text without markdown links, images or URLs (the model read attacker-written logs). */
function plain(text) {
  return String(text)
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '[image removed]')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\b(?:https?|ftp|file):\/\/(?:[^\s<>"'`)\]]*[^\s<>"'`)\].,;:!?])?/gi, '[link removed]')
    .replace(/\bwww\.[^\s<>"'`)\]]*[^\s<>"'`)\].,;:!?]/gi, '[link removed]')
}

/** An element showing model text. */
const said = (tag, text, className) => el(tag, plain(text), className)

function list(tag, items, render) {
  const root = el(tag)
  for (const item of items) root.append(render(item))
  return root
}

function meta(r) {
  const parts = [`Source: ${r.source} (${r.model})`]
  const u = r.usage
  if (u) {
    parts.push(
      `tokens: prompt ${u.prompt_tokens}, output ${u.candidates_tokens}, total ${u.total_tokens}`,
    )
  }
  if (r.cached) parts.push('cached')
  return parts.join(' · ')
}

function render(r) {
  const hypotheses = list('ol', r.root_cause_hypotheses, (h) => {
    const li = el('li')
    const head = [h.category, h.service].filter(Boolean).join(' · ')
    li.append(
      said('strong', head || 'Hypothesis'),
      el('span', ` ${Math.round(h.confidence * 100)}% confidence`, 'muted'),
    )
    li.append(said('p', h.hypothesis))
    if (h.supporting_event_ids.length > 0)
      li.append(said('p', 'Evidence: ' + h.supporting_event_ids.join(', '), 'muted'))
    return li
  })
  const timeline = list('ol', r.timeline, (t) =>
    said('li', `${t.time} ${t.event_id ?? ''} ${t.description}`),
  )
  const checklist = (items) => list('ul', items, (a) => said('li', '☐ ' + a))
  const unknown = r.citations.unknown_event_ids.length
  result.replaceChildren(
    el('p', meta(r), 'muted analysis-meta'),
    el('h3', 'Executive summary'),
    said('p', r.executive_summary),
    el('h3', 'Root-cause hypotheses'),
    hypotheses,
    el('h3', 'Timeline'),
    timeline,
    el('h3', 'Short-term actions'),
    checklist(r.actions.short_term),
    el('h3', 'Long-term actions'),
    checklist(r.actions.long_term),
  )
  if (unknown > 0) {
    const warning = `${unknown} cited event id(s) were not in the incident data and were removed.`
    result.append(el('p', warning, 'error analysis-warning'))
  }
}

function fail(detail) {
  statusNode.textContent = 'Analysis failed: ' + detail
  statusNode.className = 'error'
}

async function analyze() {
  button.disabled = true
  progress.replaceChildren()
  result.replaceChildren()
  statusNode.textContent = 'Starting…'
  statusNode.className = 'muted'
  try {
    const id = encodeURIComponent(panel.dataset.incident)
    const response = await fetch(`/api/incidents/${id}/analysis`, {
      method: 'POST',
      headers: { accept: 'text/event-stream' },
    })
    if (!response.ok) {
      fail(await problemDetail(response))
      return
    }
    await readEventStream(response, (event, data) => {
      if (event === 'progress') {
        const text = (stageText[data.stage] ?? ((p) => p.stage))(data)
        progress.append(el('li', text))
        statusNode.textContent = text
      } else if (event === 'result') {
        render(data)
        statusNode.textContent = 'Done'
      } else if (event === 'error') {
        fail(data.detail)
      }
    })
  } catch (err) {
    fail(err.message)
  } finally {
    button.disabled = false
  }
}

button?.addEventListener('click', analyze)
