/**
 * Polls a condition until it holds or a deadline passes: tests wait on facts, never on fixed
 * sleeps.
 */
import { setTimeout as sleep } from 'node:timers/promises'

/**
 * @example
 * await waitFor(() => received.length >= 10, { timeoutMs: 30_000, what: '10 records' })
 */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 30_000, intervalMs = 50, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(intervalMs)
  }
}
