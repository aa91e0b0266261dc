import { describe, expect, it } from 'vitest'
import { failureRates, type FailureMinute } from './failure-baseline.ts'

const minute = 60_000
const t = Date.UTC(2026, 10, 28, 12, 0)

/** `perMinute` failures every minute from 80 minutes before `t` to `t`, plus `extra` in the last 3. */
function rowsOf(service: string, perMinute: number, extra: number): FailureMinute[] {
  const rows: FailureMinute[] = []
  for (let m = t - 80 * minute; m <= t; m += minute) {
    const bump = m > t - 3 * minute ? extra : 0
    if (perMinute + bump > 0) rows.push({ service, minute: m, failures: perMinute + bump })
  }
  return rows
}

describe('failureRates', () => {
  it('scores the same rise low on an always-noisy service and high on a quiet one', () => {
    const rows = [...rowsOf('noisy', 10, 3), ...rowsOf('quiet', 0, 3)]
    const [first, second] = failureRates(rows, t, t - 2 * 3_600_000, ['noisy', 'quiet'])
    expect(first?.service).toBe('quiet')
    expect(first?.burst.failures).toBe(9)
    expect(first?.burst.anomaly.score).toBeGreaterThan(8)
    expect(second?.service).toBe('noisy')
    expect(second?.baseline.perMinute).toBeCloseTo(10, 1)
    expect(second?.burst.anomaly.score).toBeLessThan(2)
  })

  it('does not take the minutes before the data began for quiet ones', () => {
    const rows = rowsOf('db', 4, 0).filter((r) => r.minute >= t - 20 * minute)
    const [rate] = failureRates(rows, t, t - 20 * minute, ['db'])
    // Only the last baseline bucket holds data; without the data start, 55 empty baseline
    // minutes would make 4 failures a minute look abnormal.
    expect(rate?.baseline.minutes).toBe(5)
    expect(rate?.burst.anomaly.score).toBeLessThan(3)
    const [blind] = failureRates(rows, t, t - 3 * 3_600_000, ['db'])
    expect(blind?.burst.anomaly.score).toBeGreaterThan(20)
  })

  it('fills every shown minute, 30 before to 10 after the incident, with zeros where none failed', () => {
    const [rate] = failureRates([{ service: 'db', minute: t - minute, failures: 2 }], t, 0, ['db'])
    expect(rate?.series).toHaveLength(41)
    expect(rate?.series[0]).toEqual({ minute: t - 30 * minute, failures: 0 })
    expect(rate?.series.find((p) => p.minute === t - minute)?.failures).toBe(2)
    expect(failureRates([], t, 0, ['a', 'a', 'b']).map((r) => r.service)).toEqual(['a', 'b'])
  })
})
