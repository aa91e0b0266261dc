import { describe, expect, it } from 'vitest'
import { formatHour, formatHourTick, toEpochMs } from './chart-time.ts'

const T = Date.UTC(2026, 0, 2, 3, 0, 0)

describe('toEpochMs', () => {
  it.each([
    ['epoch ms', T],
    ['epoch ms as text', String(T)],
    ['Date', new Date(T)],
    ['ISO with Z', '2026-01-02T03:00:00.000Z'],
    ['ISO with offset', '2026-01-02T04:30:00+01:30'],
    ['DuckDB TIMESTAMP text, read as UTC', '2026-01-02 03:00:00'],
    ['DuckDB TIMESTAMPTZ text', '2026-01-02 03:00:00+00'],
    ['microseconds', '2026-01-02 03:00:00.000123'],
  ])('reads %s', (_, value) => {
    expect(toEpochMs(value)).toBe(T)
  })

  it.each([null, undefined, '', 'yesterday', Number.NaN, new Date(Number.NaN)])(
    'rejects %s',
    (value) => {
      expect(toEpochMs(value)).toBeUndefined()
    },
  )
})

describe('hour formatting', () => {
  it('formats in UTC', () => {
    expect(formatHour(T)).toBe('2026-01-02 03:00')
  })

  it('adds the date on the first tick and at midnight', () => {
    expect(formatHourTick(new Date(T), 0)).toBe('03:00\nJan 2')
    expect(formatHourTick(new Date(T), 3)).toBe('03:00')
    expect(formatHourTick(new Date(Date.UTC(2026, 11, 31)), 5)).toBe('00:00\nDec 31')
  })
})
