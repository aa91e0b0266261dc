/**
 * Event-time window functions. A window function is a plain data object: its kind, size and
 * advance, plus `assignWindows(t)`. Windows are `[start, end)` in epoch milliseconds and aligned to
 * the epoch, so an event at exactly 03:00:00.000 belongs to the window that starts at 03:00.
 * Runners may use `size` and `advance` directly (the windows of `t` are the starts `k * advance`
 * with `start <= t < start + size`) instead of calling `assignWindows`, to avoid allocating.
 */
import { formatDuration, toMillis, type Duration } from './duration.ts'
import { ConfigError } from './errors.ts'

/** An event-time window `[start, end)`. */
export interface Window {
  /** Inclusive start, epoch ms. */
  readonly start: number
  /** Exclusive end, epoch ms. */
  readonly end: number
}

/** A window function: assigns each event time its windows; built by `tumbling` or `hopping`. */
export interface WindowFn {
  readonly kind: 'tumbling' | 'hopping'
  /** Window length in ms. */
  readonly size: number
  /** Distance between window starts in ms (equals `size` for tumbling windows). */
  readonly advance: number
  /** Short description for step names and messages, e.g. `tumbling(1h)`. */
  readonly description: string
  /** The windows containing event time `t`, by ascending start. */
  assignWindows(t: number): Window[]
}

/**
 * Tumbling windows of `size`, aligned to the epoch.
 *
 * @example
 * tumbling('1h').assignWindows(Date.UTC(2026, 10, 28, 3, 0)) // [{ start: 03:00, end: 04:00 }]
 */
export function tumbling(size: Duration): WindowFn {
  const ms = toMillis(size, 'tumbling window size', { allowZero: false })
  return windowFn('tumbling', ms, ms, `tumbling(${formatDuration(ms)})`)
}

/**
 * Hopping (sliding) windows of `size` that start every `advance`, aligned to the epoch. Each event
 * belongs to about `size / advance` windows.
 *
 * @example
 * hopping('10m', '5m').assignWindows(Date.UTC(2026, 10, 28, 3, 7)) // [03:00-03:10, 03:05-03:15]
 */
export function hopping(size: Duration, advance: Duration): WindowFn {
  const sizeMs = toMillis(size, 'hopping window size', { allowZero: false })
  const advanceMs = toMillis(advance, 'hopping window advance', { allowZero: false })
  if (advanceMs > sizeMs) {
    throw new ConfigError(
      `invalid hopping window advance: ${formatDuration(advanceMs)} (longer than the size ${formatDuration(sizeMs)})`,
    )
  }
  const description = `hopping(${formatDuration(sizeMs)}, ${formatDuration(advanceMs)})`
  return windowFn('hopping', sizeMs, advanceMs, description)
}

function windowFn(
  kind: WindowFn['kind'],
  size: number,
  advance: number,
  description: string,
): WindowFn {
  return {
    kind,
    size,
    advance,
    description,
    assignWindows(t: number): Window[] {
      const windows: Window[] = []
      for (let start = lastWindowStart(t, advance); start + size > t; start -= advance) {
        windows.push({ start, end: start + size })
      }
      return windows.reverse()
    },
  }
}

/** Start of the latest window (with starts at multiples of `advance`) that contains `t`. */
export function lastWindowStart(t: number, advance: number): number {
  return Math.floor(t / advance) * advance
}
