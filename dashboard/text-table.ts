/**
 * Plain-text table of a query result for the terminal (`npm run sql`): one header row, a rule,
 * columns padded to their widest cell, long cells cut with an ellipsis, nulls shown as NULL and
 * control characters made visible so untrusted text cannot move the cursor or clear the screen.
 */
import type { JsonSafe } from './db/json-safe.ts'

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controls = /[\u0000-\u001f\u007f-\u009f]/g

function cell(value: JsonSafe, max: number): string {
  const text =
    value === null ? 'NULL' : typeof value === 'object' ? JSON.stringify(value) : String(value)
  const safe = text.replace(controls, (c) =>
    c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  )
  const chars = Array.from(safe)
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : safe
}

/**
 * @example
 * textTable(['n'], [[1], [22]]) // ' n\n--\n 1\n22'
 */
export function textTable(
  columns: readonly string[],
  rows: readonly (readonly JsonSafe[])[],
  maxWidth = 60,
): string {
  const body = rows.map((r) => r.map((v) => cell(v, maxWidth)))
  const head = columns.map((c) => cell(c, maxWidth))
  const widths = head.map((h, i) =>
    Math.max(Array.from(h).length, ...body.map((r) => Array.from(r[i] ?? '').length)),
  )
  const numeric = columns.map(
    (_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] === null),
  )
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join(' | ')
      .trimEnd()
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-+-'), ...body.map(line)].join('\n')
}
