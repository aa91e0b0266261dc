import { describe, expect, it } from 'vitest'
import { dateOnly, toJsonSafe } from './json-safe.ts'

describe('toJsonSafe', () => {
  it('keeps safe BIGINTs as numbers and turns larger ones into exact strings', () => {
    expect(toJsonSafe(42n)).toBe(42)
    expect(toJsonSafe(BigInt(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER)
    expect(toJsonSafe(2n ** 63n - 1n)).toBe('9223372036854775807')
    expect(toJsonSafe(-(2n ** 60n))).toBe('-1152921504606846976')
  })

  it('writes timestamps as ISO-8601 UTC and dates without the time', () => {
    expect(toJsonSafe(new Date(Date.UTC(2026, 10, 28, 3, 4, 5, 6)))).toBe(
      '2026-11-28T03:04:05.006Z',
    )
    expect(toJsonSafe(new Date(Number.NaN))).toBeNull()
    expect(dateOnly(toJsonSafe(new Date(Date.UTC(2026, 10, 28))))).toBe('2026-11-28')
  })

  it('converts nested lists and structs, blobs and non-finite numbers', () => {
    expect(toJsonSafe({ a: [1n, null, { b: new Date(0) }] })).toEqual({
      a: [1, null, { b: '1970-01-01T00:00:00.000Z' }],
    })
    expect(toJsonSafe(new Uint8Array([104, 105]))).toBe('aGk=')
    expect(toJsonSafe(Number.POSITIVE_INFINITY)).toBe('Infinity')
    expect(JSON.parse(JSON.stringify(toJsonSafe({ x: 2n ** 70n })))).toEqual({
      x: '1180591620717411303424',
    })
  })
})
