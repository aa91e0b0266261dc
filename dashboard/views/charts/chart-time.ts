/**
 * Time values for the hourly charts. Query rows carry times as epoch milliseconds or ISO-8601
 * strings; DuckDB's own text form (`2026-01-01 03:00:00`, no zone) means UTC here, not the
 * server's local zone. Charts draw and label hours in UTC.
 */

/** A time column as it may arrive from a query. */
export type TimeValue = number | string | Date | null | undefined

const ISO_LIKE =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i

/** Converts a time to epoch milliseconds, or `undefined` when it is not a valid time. */
export function toEpochMs(value: TimeValue): number | undefined {
  if (value === null || value === undefined) return undefined
  if (value instanceof Date) return finite(value.getTime())
  if (typeof value === 'number') return finite(value)
  const text = value.trim()
  if (/^-?\d+$/.test(text)) return finite(Number(text))
  const match = ISO_LIKE.exec(text)
  if (!match) return undefined
  const [, date, rawTime = '00:00', zone = 'Z'] = match
  // DuckDB prints microseconds; Date.parse is only specified for milliseconds.
  const time = rawTime.replace(/(\.\d{3})\d+$/, '$1')
  const offset = /^[+-]\d{2}$/.test(zone)
    ? `${zone}:00`
    : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')
  return finite(Date.parse(`${date}T${time}${offset.toUpperCase()}`))
}

function finite(n: number): number | undefined {
  return Number.isFinite(n) ? n : undefined
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

const pad = (n: number): string => String(n).padStart(2, '0')

/** `2026-01-01 03:00`, in UTC. */
export function formatHour(ms: number): string {
  const d = new Date(ms)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}

/**
 * Tick label for an hour axis: `03:00`, with the date on a second line at midnight and on the
 * first tick, so a multi-day range stays readable without repeating the date everywhere.
 */
export function formatHourTick(value: Date, index: number): string {
  const time = `${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}`
  if (index !== 0 && value.getUTCHours() !== 0) return time
  return `${time}\n${MONTHS[value.getUTCMonth()]} ${value.getUTCDate()}`
}
