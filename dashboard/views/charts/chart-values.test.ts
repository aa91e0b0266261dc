import { describe, expect, it } from 'vitest'
import { countAxis, labelOf, toCount, truncateLabel } from './chart-values.ts'

describe('chart values', () => {
  it('reads counts from numbers, bigints and numeric text', () => {
    expect(toCount(3)).toBe(3)
    expect(toCount(3n)).toBe(3)
    expect(toCount('12')).toBe(12)
    expect(toCount('n/a')).toBeUndefined()
    expect(toCount('')).toBeUndefined()
    expect(toCount(null)).toBeUndefined()
  })

  it('labels missing and blank values with the fallback', () => {
    expect(labelOf(null, '(none)')).toBe('(none)')
    expect(labelOf('  ', '(none)')).toBe('(none)')
    expect(labelOf('db', '(none)')).toBe('db')
  })

  it('truncates by characters, not UTF-16 units', () => {
    expect(truncateLabel('short', 10)).toBe('short')
    expect(truncateLabel('abcdefghij', 5)).toBe('abcd…')
    expect(truncateLabel('🔥🔥🔥🔥🔥🔥', 4)).toBe('🔥🔥🔥…')
  })

  it('gives integer count ticks from zero', () => {
    expect(countAxis(0, 5)).toEqual({ domain: [0, 1], ticks: [0, 1] })
    expect(countAxis(3, 5)).toEqual({ domain: [0, 3], ticks: [0, 1, 2, 3] })
    expect(countAxis(16, 5)).toEqual({ domain: [0, 20], ticks: [0, 5, 10, 15, 20] })
    expect(countAxis(1234, 4)).toEqual({ domain: [0, 1500], ticks: [0, 500, 1000, 1500] })
  })
})
