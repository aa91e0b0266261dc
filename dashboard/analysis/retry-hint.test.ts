import { describe, expect, it } from 'vitest'
import { parseRetryAfter, parseRetryInfo } from './retry-hint.ts'

const now = Date.parse('2026-11-28T03:00:00Z')

describe('parseRetryAfter', () => {
  it('reads delta-seconds, HTTP dates and retry-after-ms', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '3' }), now)).toBe(3000)
    expect(parseRetryAfter(new Headers({ 'retry-after': '0.25' }), now)).toBe(250)
    expect(
      parseRetryAfter(new Headers({ 'retry-after': 'Sat, 28 Nov 2026 03:00:05 GMT' }), now),
    ).toBe(5000)
    expect(
      parseRetryAfter(new Headers({ 'retry-after': 'Sat, 28 Nov 2026 02:00:00 GMT' }), now),
    ).toBe(0)
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '120', 'retry-after': '9' }), now)).toBe(
      120,
    )
  })

  it('ignores missing or garbage values', () => {
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined()
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined()
    expect(parseRetryAfter(new Headers({ 'retry-after': '-1' }), now)).toBeUndefined()
  })
})

describe('parseRetryInfo', () => {
  const body = (detail: unknown) => ({
    error: {
      code: 429,
      details: [{ '@type': 'type.googleapis.com/google.rpc.QuotaFailure' }, detail],
    },
  })

  it('reads google.rpc.RetryInfo retryDelay in both Duration forms', () => {
    expect(
      parseRetryInfo(
        body({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '17s' }),
      ),
    ).toBe(17_000)
    expect(
      parseRetryInfo(
        body({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '0.4s' }),
      ),
    ).toBe(400)
    expect(
      parseRetryInfo(
        body({
          '@type': 'type.googleapis.com/google.rpc.RetryInfo',
          retryDelay: { seconds: 2, nanos: 5e8 },
        }),
      ),
    ).toBe(2500)
  })

  it('returns undefined without a usable RetryInfo', () => {
    expect(parseRetryInfo(undefined)).toBeUndefined()
    expect(parseRetryInfo({ error: { details: 'x' } })).toBeUndefined()
    expect(
      parseRetryInfo(
        body({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: 'soon' }),
      ),
    ).toBeUndefined()
  })
})
