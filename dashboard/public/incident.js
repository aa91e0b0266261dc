/* global document, fetch */
// Incident page: the Analyze button. POSTs to the analysis route asking for an event stream,
// lists the progress stages, then renders the structured result as plain text. Nothing from
// the model becomes a link, an image or markup.
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

function list(tag, items, render) {
  const root = el(tag)
  for (const item of items) root.append(render(item))
  return root
}

function render(r) {
  const hypotheses = list('ol', r.root_cause_hypotheses, (h) => {
    const li = el('li')
    const head = [h.category, h.service].filter(Boolean).join(' · ')
    li.append(
      el('strong', head || 'Hypothesis'),
      el('span', ` ${Math.round(h.confidence * 100)}% confidence`, 'muted'),
    )
    li.append(el('p', h.hypothesis))
    if (h.supporting_event_ids.length > 0)
      li.append(el('p', 'Evidence: ' + h.supporting_event_ids.join(', '), 'muted'))
    return li
  })
  const timeline = list('ol', r.timeline, (t) =>
    el('li', `${t.time} ${t.event_id ?? ''} ${t.description}`),
  )
  const checklist = (items) => list('ul', items, (a) => el('li', '☐ ' + a))
  const usage = r.usage ? ` · tokens ${r.usage.total_tokens}` : ''
  result.replaceChildren(
    el('p', `Source: ${r.source} (${r.model})${r.cached ? ' · cached' : ''}${usage}`, 'muted'),
    el('h3', 'Executive summary'),
    el('p', r.executive_summary),
    el('h3', 'Root-cause hypotheses'),
    hypotheses,
    el('h3', 'Timeline'),
    timeline,
    el('h3', 'Short-term actions'),
    checklist(r.actions.short_term),
    el('h3', 'Long-term actions'),
    checklist(r.actions.long_term),
  )
}

async function analyze() {
  button.disabled = true
  progress.replaceChildren()
  result.replaceChildren()
  statusNode.textContent = 'Starting…'
  try {
    const id = encodeURIComponent(panel.dataset.incident)
    const response = await fetch(`/api/incidents/${id}/analysis`, {
      method: 'POST',
      headers: { accept: 'text/event-stream' },
    })
    if (!response.ok) {
      statusNode.textContent = 'Analysis failed: ' + (await problemDetail(response))
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
        statusNode.textContent = 'Analysis failed: ' + data.detail
      }
    })
  } catch (err) {
    statusNode.textContent = 'Analysis failed: ' + err.message
  } finally {
    button.disabled = false
  }
}

button?.addEventListener('click', analyze)
