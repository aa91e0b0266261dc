/* global document, TextDecoderStream */
// Helpers shared by the page scripts. Everything that shows data builds DOM nodes and sets
// textContent: no HTML strings are ever parsed (the CSP enforces Trusted Types with no policy).

/** Creates an element with optional text and class. */
export function el(tag, text, className) {
  const node = document.createElement(tag)
  if (text !== undefined && text !== null) node.textContent = String(text)
  if (className) node.className = className
  return node
}

/** `2026-11-28T03:04:05.000Z` → `2026-11-28 03:04:05 UTC`; other values as text. */
export function display(value) {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value)) {
    return value.slice(0, 19).replace('T', ' ') + ' UTC'
  }
  if (Array.isArray(value)) return value.map(display).join(', ')
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

export function levelClass(level) {
  return level === 'ERROR' ? 'lv-error' : level === 'WARNING' ? 'lv-warning' : 'lv-info'
}

function link(id, text) {
  const a = el('a', text)
  a.href = '/incidents/' + encodeURIComponent(String(id))
  return a
}

/** A feed row, the same shape as the server-rendered one. */
export function incidentRow(r) {
  const tr = el('tr', undefined, levelClass(r.level))
  tr.dataset.eventId = String(r.event_id)
  const level = el('span', r.level, 'level ' + levelClass(r.level))
  const cells = [
    el('td', display(r.event_time), 'time'),
    el('td'),
    el('td', display(r.service)),
    el('td', display(r.category)),
    el('td'),
    el('td', undefined, 'msg'),
  ]
  cells[1].append(level)
  if (r.incident_id) cells[4].append(link(r.incident_id, r.incident_id))
  else cells[4].textContent = '—'
  cells[5].append(link(r.event_id, r.message))
  tr.append(...cells)
  return tr
}

/**
 * Reads a text/event-stream response body and calls onEvent(event, data) per message.
 * Used where EventSource cannot go: POST requests.
 */
export async function readEventStream(response, onEvent) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    buffer += value.replace(/\r\n/g, '\n')
    let cut
    while ((cut = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, cut)
      buffer = buffer.slice(cut + 2)
      let event = 'message'
      const data = []
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim()
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''))
      }
      if (data.length > 0) onEvent(event, JSON.parse(data.join('\n')))
    }
  }
}

/** The `detail` of a problem response, or the status line. */
export async function problemDetail(response) {
  try {
    const body = await response.json()
    return body.detail || response.statusText
  } catch {
    return response.status + ' ' + response.statusText
  }
}
