/* global document, fetch, URL, setTimeout */
// SQL console: runs the statement through POST /api/sql and shows the rows as a table built
// from text nodes; "Download CSV" asks the same endpoint for CSV and saves it.
import { display, el, problemDetail } from './common.js'

const form = document.getElementById('sql-form')
const text = document.getElementById('sql-text')
const paramsInput = document.getElementById('sql-params')
const statusNode = document.getElementById('sql-status')
const out = document.getElementById('sql-result')

function request(format) {
  let params
  try {
    params = JSON.parse(paramsInput.value.trim() || '[]')
    if (!Array.isArray(params)) throw new Error('not an array')
  } catch {
    statusNode.textContent = 'Parameters must be a JSON array, e.g. ["web-server", 10]'
    return undefined
  }
  return fetch('/api/sql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: format === 'csv' ? 'text/csv' : 'application/json',
    },
    body: JSON.stringify({ sql: text.value, params, format }),
  })
}

function table(result) {
  const t = el('table', undefined, 'rows')
  const head = el('tr')
  for (const c of result.columns) {
    const th = el('th', c.name)
    th.title = c.type
    head.append(th)
  }
  t.append(el('thead'), el('tbody'))
  t.tHead.append(head)
  for (const row of result.rows) {
    const tr = el('tr')
    for (const v of row) tr.append(el('td', display(v)))
    t.tBodies[0].append(tr)
  }
  return t
}

form.addEventListener('submit', async (event) => {
  event.preventDefault()
  statusNode.textContent = 'Running…'
  const response = await request('json')
  if (!response) return
  if (!response.ok) {
    out.replaceChildren(el('p', await problemDetail(response), 'error'))
    statusNode.textContent = `Refused (${response.status})`
    return
  }
  const result = await response.json()
  out.replaceChildren(table(result))
  statusNode.textContent =
    `${result.row_count.toLocaleString('en-US')} rows in ${result.elapsed_ms} ms` +
    (result.truncated ? ' (truncated at the row cap)' : '')
})

document.getElementById('sql-csv').addEventListener('click', async () => {
  statusNode.textContent = 'Preparing CSV…'
  const response = await request('csv')
  if (!response) return
  if (!response.ok) {
    statusNode.textContent = await problemDetail(response)
    return
  }
  const url = URL.createObjectURL(await response.blob())
  const a = el('a')
  a.href = url
  a.download = 'query.csv'
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
  statusNode.textContent =
    response.headers.get('x-truncated') === 'true'
      ? 'CSV saved (truncated at the row cap)'
      : 'CSV saved'
})
