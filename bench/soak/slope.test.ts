import { describe, expect, it } from 'vitest'
import { afterWarmup, slopePerHour } from './slope.ts'
import { cpuSecondsOf, parseMetrics } from './process-sample.ts'

describe('slopePerHour', () => {
  it('gives the growth per hour of a straight line, whatever its offset', () => {
    const points = Array.from({ length: 10 }, (_, i) => ({ x: i * 60, y: 300 + i * 0.5 }))
    expect(slopePerHour(points)).toBeCloseTo(30, 6)
  })

  it('is zero for a flat series and NaN without two distinct times', () => {
    expect(slopePerHour([1, 2, 3].map((x) => ({ x, y: 7 })))).toBe(0)
    expect(slopePerHour([{ x: 1, y: 1 }])).toBeNaN()
    expect(
      slopePerHour([
        { x: 5, y: 1 },
        { x: 5, y: 9 },
      ]),
    ).toBeNaN()
  })

  it('fits noise around a trend rather than its ends', () => {
    const points = [0, 1, 2, 3, 4, 5].map((i) => ({ x: i * 600, y: 200 + (i % 2 ? 10 : -10) }))
    expect(Math.abs(slopePerHour(points))).toBeLessThan(25)
    expect(afterWarmup(points, 1_200).map((p) => p.x)).toEqual([1_200, 1_800, 2_400, 3_000])
  })
})

describe('parseMetrics', () => {
  it('reads the prefixed gauges, in MB for bytes, summing labelled series', () => {
    const text = [
      '# HELP x_heap_bytes heap',
      'x_nodejs_heap_size_used_bytes 10485760',
      'x_window_state{stage="a"} 3',
      'x_window_state{stage="b"} 4',
      'other_metric 1',
      'x_broken NaN',
    ].join('\n')
    expect(parseMetrics(text, 'x_')).toEqual({ nodejs_heap_size_used_bytes: 10, window_state: 7 })
  })
})

describe('cpuSecondsOf', () => {
  it('adds user and system ticks, whatever the command name holds', () => {
    const rest = 'S 1 2 3 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 25 0 1000'
    expect(cpuSecondsOf(`4242 (node) ${rest}`)).toBe(3)
    expect(cpuSecondsOf(`4242 (a b) (c)) ${rest}`)).toBe(3)
  })
})
