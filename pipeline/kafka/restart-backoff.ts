/**
 * Exponential backoff between restarts of a loop: the delay doubles with each failure in a row,
 * up to a ceiling, and starts over after a success. Waiting can be cut short when the loop stops.
 */

export interface RestartBackoff {
  /** The delay before the next restart; counts a failure. */
  next(): number
  /** A success: the next delay is the initial one again. */
  reset(): void
  /** Failures since the last success. */
  readonly failures: number
  /** Waits `ms`, or until `interrupt()`. */
  wait(ms: number): Promise<void>
  /** Ends the current wait at once. */
  interrupt(): void
}

/**
 * @example
 * const backoff = createRestartBackoff(250, 30_000)
 * await backoff.wait(backoff.next()) // 250 ms, then 500, 1000, … 30 000
 */
export function createRestartBackoff(initialMs: number, maxMs: number): RestartBackoff {
  let failures = 0
  let interrupt: (() => void) | undefined
  return {
    next: () => Math.min(maxMs, initialMs * 2 ** failures++),
    reset: () => {
      failures = 0
    },
    get failures() {
      return failures
    },
    wait: (ms) =>
      new Promise((resolve) => {
        const timeout = setTimeout(resolve, ms)
        interrupt = () => {
          clearTimeout(timeout)
          resolve()
        }
      }),
    interrupt: () => interrupt?.(),
  }
}
