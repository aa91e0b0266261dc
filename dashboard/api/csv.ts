/**
 * RFC 4180 CSV of a query result. Cells that a spreadsheet would run as a formula (text starting
 * with =, +, -, @, tab or CR; incident text is untrusted) get a leading apostrophe, the OWASP
 * mitigation for CSV injection; numbers are written as numbers and nested values as JSON.
 */
import type { JsonSafe } from '../db/json-safe.ts'

const needsQuotes = /[",\r\n]/
const formulaStart = /^[=+\-@\t\r]/

function cell(value: JsonSafe): string {
  if (value === null) return ''
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value)
  if (typeof value === 'string' && formulaStart.test(text)) text = `'${text}`
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/**
 * @example
 * toCsv(['a', 'b'], [[1, 'x,y']]) // 'a,b\r\n1,"x,y"\r\n'
 */
export function toCsv(columns: readonly string[], rows: readonly (readonly JsonSafe[])[]): string {
  const lines = [columns.map((c) => cell(c)).join(',')]
  for (const row of rows) lines.push(row.map(cell).join(','))
  return `${lines.join('\r\n')}\r\n`
}
