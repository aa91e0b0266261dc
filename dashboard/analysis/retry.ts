/**
 * Bounded retries with exponential backoff and jitter that honour the server's retry hint.
 * `backoffDelay` is the pure policy; `withRetry` runs an attempt function until it succeeds,
 * throws an error that is not retriable, runs out of attempts, or would sleep past its time
 * budget (then the last error is thrown at once instead of a certain timeout later). Sleeping
 * is abortable, so a cancelled request stops waiting immediately.
 */
import { setTimeout as sleep } from 'node:timers/promises'

export interface BackoffOptions {
  /** Attempts in total, including the first. */
  maxAttempts: number
  /** Base delay before the first retry; doubles per retry. */
  initialDelayMs: number
  /** Cap of the exponential part (a server hint may exceed it). */
  maxDelayMs: number
}

/** What `withRetry` needs to know about a failure. */
export interface RetriableFailure {
  retriable: boolean
  retryAfterMs?: number | undefined
}

export interface RetryInfo {
  /** The attempt about to start (2 for the first retry). */
  attempt: number
  delayMs: number
  error: unknown
}

export interface WithRetryOptions extends BackoffOptions {
  signal?: AbortSignal | undefined
  /** Milliseconds left in the overall budget; a retry that cannot start in time is not made. */
  remainingMs?: () => number
  /** How to read an error; errors it does not recognise are not retried. */
  classify: (error: unknown) => RetriableFailure | undefined
  onRetry?: (info: RetryInfo) => void
  random?: () => number
}

/**
 * Delay before retry number `retry` (1-based): "equal jitter" over an exponential base, so
 * clients spread out but never retry sooner than half the base, and never sooner than the
 * server asked.
 *
 * @example
 * backoffDelay(1, undefined, { maxAttempts: 4, initialDelayMs: 500, maxDelayMs: 8000 }) // 250..500
 */
export function backoffDelay(
  retry: number,
  hintMs: number | undefined,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const base = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** (retry - 1))
  const jittered = Math.round(base / 2 + random() * (base / 2))
  return Math.max(jittered, hintMs ?? 0)
}

/**
 * @example
 * const text = await withRetry(() => callGemini(), {
 *   maxAttempts: 4, initialDelayMs: 500, maxDelayMs: 8000,
 *   classify: (e) => (e instanceof AnalysisError ? e : undefined),
 * })
 */
export async function withRetry<T>(
  run: (attempt: number) => Promise<T>,
  options: WithRetryOptions,
): Promise<T> {
  if (!(options.maxAttempts >= 1)) throw new Error(`invalid maxAttempts: ${options.maxAttempts}`)
  for (let attempt = 1; ; attempt++) {
    try {
      return await run(attempt)
    } catch (error) {
      const failure = options.classify(error)
      if (!failure?.retriable || attempt >= options.maxAttempts || options.signal?.aborted) {
        throw error
      }
      const delayMs = backoffDelay(attempt, failure.retryAfterMs, options, options.random)
      if (options.remainingMs && delayMs >= options.remainingMs()) throw error
      options.onRetry?.({ attempt: attempt + 1, delayMs, error })
      await sleep(delayMs, undefined, { signal: options.signal })
    }
  }
}
