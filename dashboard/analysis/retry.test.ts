import { describe, expect, it, vi } from 'vitest'
import { backoffDelay, withRetry } from './retry.ts'

const policy = { maxAttempts: 4, initialDelayMs: 10, maxDelayMs: 40 }
const retriable = Object.assign(new Error('busy'), { retriable: true })
const fatal = Object.assign(new Error('bad'), { retriable: false })
const classify = (e: unknown) => e as { retriable: boolean; retryAfterMs?: number }

describe('backoffDelay', () => {
  it('grows exponentially with equal jitter, capped', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, undefined, policy, () => 0))).toEqual([
      5, 10, 20, 20, 20,
    ])
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, undefined, policy, () => 1))).toEqual([
      10, 20, 40, 40, 40,
    ])
  })

  it('never retries sooner than the server hint, even beyond the cap', () => {
    expect(backoffDelay(1, 300, policy, () => 1)).toBe(300)
    expect(backoffDelay(3, 1, policy, () => 1)).toBe(40)
  })
})

describe('withRetry', () => {
  it('retries retriable failures and reports each retry', async () => {
    const run = vi.fn<(attempt: number) => Promise<string>>()
    run.mockRejectedValueOnce(retriable).mockRejectedValueOnce(retriable).mockResolvedValue('ok')
    const onRetry = vi.fn()
    await expect(withRetry(run, { ...policy, classify, onRetry, random: () => 0 })).resolves.toBe(
      'ok',
    )
    expect(run.mock.calls.map(([n]) => n)).toEqual([1, 2, 3])
    expect(onRetry.mock.calls.map(([i]) => [i.attempt, i.delayMs])).toEqual([
      [2, 5],
      [3, 10],
    ])
  })

  it('stops at a non-retriable error, at the attempt bound, and when the hint exceeds the budget', async () => {
    const fails = (error: Error) => vi.fn(() => Promise.reject(error))
    const once = fails(fatal)
    await expect(withRetry(once, { ...policy, classify })).rejects.toBe(fatal)
    expect(once).toHaveBeenCalledTimes(1)

    const always = fails(retriable)
    await expect(withRetry(always, { ...policy, classify, random: () => 0 })).rejects.toBe(
      retriable,
    )
    expect(always).toHaveBeenCalledTimes(4)

    const hinted = fails(
      Object.assign(new Error('quota'), { retriable: true, retryAfterMs: 60_000 }),
    )
    await expect(
      withRetry(hinted, { ...policy, classify, remainingMs: () => 5_000 }),
    ).rejects.toThrow('quota')
    expect(hinted).toHaveBeenCalledTimes(1)
  })

  it('stops waiting as soon as the signal aborts', async () => {
    const controller = new AbortController()
    const run = vi.fn(() =>
      Promise.reject(Object.assign(new Error('busy'), { retriable: true, retryAfterMs: 60_000 })),
    )
    const started = Date.now()
    const pending = withRetry(run, { ...policy, classify, signal: controller.signal })
    setImmediate(() => controller.abort())
    await expect(pending).rejects.toThrow(/aborted/i)
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('rejects a bad attempt bound', async () => {
    await expect(
      withRetry(() => Promise.resolve(1), { ...policy, maxAttempts: 0, classify }),
    ).rejects.toThrow('invalid maxAttempts: 0')
  })
})
