/**
 * Strict parsing of an event's timestamp text into epoch milliseconds. It accepts the RFC 3339
 * profile of ISO-8601, `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, and nothing else: no missing
 * zone (a local time is ambiguous), no date-only or week forms, no out-of-range fields (Feb 30,
 * hour 24, leap second 60). It returns `undefined` instead of throwing, since bad input is expected
 * on the hot path, and it works on char codes without allocating, unlike `Date.parse`, which also
 * accepts many non-ISO forms.
 */

const msPerDay = 86_400_000
const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** Value of the `n` decimal digits at `at`, or -1 if any is not a digit. */
function digits(text: string, at: number, n: number): number {
  let value = 0
  for (let i = at; i < at + n; i++) {
    const d = text.charCodeAt(i) - 48
    if (d < 0 || d > 9) return -1
    value = value * 10 + d
  }
  return value
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146_097 + doe - 719_468
}

/**
 * Parses an RFC 3339 timestamp to epoch ms UTC, or `undefined` if the text is not one. Digits of
 * the fraction beyond milliseconds are truncated.
 *
 * @example
 * parseEventTime('2026-11-28T03:00:00.000Z') // 1795834800000
 * parseEventTime('2026-11-28T04:00:00+01:00') // 1795834800000
 * parseEventTime('2026-02-30T00:00:00Z') // undefined
 */
export function parseEventTime(text: string): number | undefined {
  const length = text.length
  if (length < 20 || length > 35) return undefined
  if (
    text.charCodeAt(4) !== 45 || // -
    text.charCodeAt(7) !== 45 ||
    (text.charCodeAt(10) | 0x20) !== 116 || // T or t
    text.charCodeAt(13) !== 58 || // :
    text.charCodeAt(16) !== 58
  ) {
    return undefined
  }
  const year = digits(text, 0, 4)
  const month = digits(text, 5, 2)
  const day = digits(text, 8, 2)
  const hour = digits(text, 11, 2)
  const minute = digits(text, 14, 2)
  const second = digits(text, 17, 2)
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) return undefined
  if (minute < 0 || minute > 59 || second < 0 || second > 59) return undefined
  const monthDays = month === 2 && isLeap(year) ? 29 : (daysInMonth[month - 1] as number)
  if (day > monthDays) return undefined

  let at = 19
  let millis = 0
  if (text.charCodeAt(at) === 46) {
    // .
    const start = ++at
    while (at < length && at - start < 9) {
      const d = text.charCodeAt(at) - 48
      if (d < 0 || d > 9) break
      if (at - start < 3) millis = millis * 10 + d
      at++
    }
    const count = at - start
    if (count === 0) return undefined
    if (count === 1) millis *= 100
    else if (count === 2) millis *= 10
  }

  let offsetMinutes = 0
  const zone = text.charCodeAt(at)
  if ((zone | 0x20) === 122) {
    // Z or z
    if (at + 1 !== length) return undefined
  } else if (zone === 43 || zone === 45) {
    // + or -
    if (at + 6 !== length || text.charCodeAt(at + 3) !== 58) return undefined
    const offsetHour = digits(text, at + 1, 2)
    const offsetMinute = digits(text, at + 4, 2)
    if (offsetHour < 0 || offsetHour > 23 || offsetMinute < 0 || offsetMinute > 59) return undefined
    offsetMinutes = (offsetHour * 60 + offsetMinute) * (zone === 45 ? -1 : 1)
  } else {
    return undefined
  }

  return (
    daysFromCivil(year, month, day) * msPerDay +
    ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 +
    millis
  )
}
