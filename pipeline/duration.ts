/**
 * Durations in options: either a number of milliseconds or a short text such as `500ms`, `30s`,
 * `5m`, `1h` or `1d`. Parsing happens once, at construction time, and fails with a message that
 * names the option and the value, e.g. `invalid grace: -5m`.
 */
import { ConfigError } from './errors.ts'

/** A duration option: milliseconds, or a text such as `500ms`, `30s`, `5m`, `1h`, `1d`. */
export type Duration = number | string

/** One second in ms. */
export const SECOND = 1000
/** One minute in ms. */
export const MINUTE = 60 * SECOND
/** One hour in ms. */
export const HOUR = 60 * MINUTE
/** One day (24 hours) in ms. */
export const DAY = 24 * HOUR

const unitMillis: Readonly<Record<string, number>> = {
  ms: 1,
  s: SECOND,
  m: MINUTE,
  h: HOUR,
  d: DAY,
}
const durationPattern = /^(-?\d+(?:\.\d+)?)(ms|s|m|h|d)$/

export interface DurationBounds {
  /** Smallest allowed value in ms (inclusive); 0 by default. */
  readonly min?: number
  /** Whether 0 is allowed; true by default. */
  readonly allowZero?: boolean
}

/**
 * Converts a duration option to whole milliseconds, or throws a ConfigError naming `what`.
 *
 * @example
 * toMillis('5m', 'grace') // 300000
 * toMillis(-300000, 'grace') // throws: invalid grace: -5m
 */
export function toMillis(value: Duration, what: string, bounds: DurationBounds = {}): number {
  const ms = typeof value === 'number' ? value : parseText(value)
  const min = bounds.min ?? 0
  const ok =
    ms !== undefined &&
    Number.isSafeInteger(ms) &&
    ms >= min &&
    (ms !== 0 || bounds.allowZero !== false)
  if (!ok) {
    const shown =
      ms === undefined || !Number.isFinite(ms) ? JSON.stringify(value) : formatDuration(ms)
    throw new ConfigError(`invalid ${what}: ${shown}`)
  }
  return ms
}

function parseText(text: string): number | undefined {
  const match = durationPattern.exec(text.trim())
  const unit = match?.[2] === undefined ? undefined : unitMillis[match[2]]
  return match?.[1] === undefined || unit === undefined ? undefined : Number(match[1]) * unit
}

/**
 * Formats milliseconds in the largest unit that divides them: `1h`, `5m`, `90s`, `1500ms`.
 *
 * @example
 * formatDuration(300000) // '5m'
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms === 0) return `${ms}ms`
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = unitMillis[unit] ?? 1
    if (ms % size === 0) return `${ms / size}${unit}`
  }
  return `${ms}ms`
}
