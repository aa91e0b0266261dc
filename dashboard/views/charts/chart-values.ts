/**
 * Coercion and formatting of the values charts read from query rows. Rows arrive as DuckDB returns
 * them after JSON-safe conversion, so a count may be a number, a numeric string or a bigint, and a
 * label may be null. Everything here is pure and locale-independent, so snapshots do not depend on
 * the machine that renders them.
 */

/** A count column as it may arrive from a query. */
export type CountValue = number | bigint | string | null | undefined

/** Converts a count to a finite number, or `undefined` when it is not one. */
export function toCount(value: CountValue): number | undefined {
  if (value === null || value === undefined || value === '') return undefined
  const n = Number(value)
  return Number.isFinite(n) ? n : undefined
}

/** The label of a category-like value; null, undefined and blank become `fallback`. */
export function labelOf(value: unknown, fallback: string): string {
  if (value === null || value === undefined) return fallback
  const text = String(value)
  return text.trim() === '' ? fallback : text
}

/** Shortens `text` to at most `max` characters, ending in an ellipsis when it was cut. */
export function truncateLabel(text: string, max: number): string {
  const chars = Array.from(text)
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`
}

/** Left margin that fits `labels` (after truncation to `maxChars`) at Plot's 10px font. */
export function labelMargin(labels: Iterable<string>, maxChars: number): number {
  let longest = 0
  for (const label of labels)
    longest = Math.max(longest, Math.min(Array.from(label).length, maxChars))
  return Math.ceil(Math.max(40, 16 + longest * 6.2))
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 })

/** Formats a count with thousands separators, e.g. `12,345`. */
export function formatCount(n: number): string {
  return integer.format(n)
}

/** Formats a duration in minutes to one decimal, e.g. `12.5 min`. */
export function formatMinutes(n: number): string {
  return `${decimal.format(n)} min`
}

/**
 * A zero-based domain and integer ticks for a count axis: Plot's own ticks would show 0.5
 * incidents on a small chart.
 */
export function countAxis(
  max: number,
  maxTicks: number,
): { domain: [number, number]; ticks: number[] } {
  const step = niceStep(Math.max(max, 1) / Math.max(1, Math.floor(maxTicks)))
  const top = Math.max(step, Math.ceil(max / step) * step)
  const ticks: number[] = []
  for (let t = 0; t <= top; t += step) ticks.push(t)
  return { domain: [0, top], ticks }
}

function niceStep(raw: number): number {
  if (raw <= 1) return 1
  const power = 10 ** Math.floor(Math.log10(raw))
  for (const m of [1, 2, 5]) if (m * power >= raw) return m * power
  return 10 * power
}
