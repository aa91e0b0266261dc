import { describe, expect, it } from 'vitest'
import { InputRate } from './input-rate.ts'

describe('InputRate', () => {
  it('is the records of the last window, per second', () => {
    const rate = new InputRate(10_000)
    expect(rate.perSecond(0)).toBe(0)
    rate.add(500, 1_000)
    rate.add(1_500, 9_000)
    expect(rate.perSecond(10_000)).toBe(200)
    expect(rate.perSecond(11_000)).toBe(150)
    expect(rate.perSecond(19_000)).toBe(0)
  })
})
