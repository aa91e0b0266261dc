import { describe, expect, it } from 'vitest'
import { createRestartBackoff } from './restart-backoff.ts'

describe('restart backoff', () => {
  it('doubles the delay with each failure in a row, up to the ceiling, and starts over on reset', () => {
    const backoff = createRestartBackoff(250, 1_500)
    expect([1, 2, 3, 4, 5].map(() => backoff.next())).toEqual([250, 500, 1_000, 1_500, 1_500])
    expect(backoff.failures).toBe(5)
    backoff.reset()
    expect(backoff.failures).toBe(0)
    expect(backoff.next()).toBe(250)
  })

  it('ends a wait when interrupted', async () => {
    const backoff = createRestartBackoff(250, 60_000)
    const waited = backoff.wait(60_000).then(() => 'woken')
    backoff.interrupt()
    await expect(waited).resolves.toBe('woken')
  })
})
