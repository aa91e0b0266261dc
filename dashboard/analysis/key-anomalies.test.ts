// Key anomalies: a tight burst on a quiet key stands out, the same burst on a busy key does not,
// and the burst is the run of failures least likely under the key's own rate.
import { describe, expect, it } from 'vitest'
import { keyAnomalies, type KeyCounts, type KeyAnomalyOptions } from './key-anomalies.ts'

const minute = 60_000
const recentFrom = Date.UTC(2026, 10, 28, 12, 0)
const options: KeyAnomalyOptions = {
  baselineFrom: recentFrom - 60 * minute,
  recentFrom,
  recentTo: recentFrom + 17 * minute,
  bucketMinutes: 5,
  dataFrom: recentFrom - 120 * minute,
  minScore: () => 2.5,
}
const at = (minutes: number[], prefix: string) =>
  minutes.map((m, i) => ({ ms: recentFrom + m * minute, event_id: `${prefix}${i}` }))
const key = (o: Partial<KeyCounts>): KeyCounts => ({
  service: 'database',
  system_id: 'SYS-0001',
  category: null,
  linked: false,
  baseline: [],
  recent: [],
  ...o,
})
/** `perHour` baseline failures spread evenly over the baseline hour. */
const steady = (perHour: number) =>
  Array.from(
    { length: perHour },
    (_, i) => options.baselineFrom + ((i + 0.5) * 60 * minute) / perHour,
  )

describe('keyAnomalies', () => {
  it('finds the tight burst on a quiet key and leaves the stray failures out of it', () => {
    const recent = [...at([1], 'stray'), ...at([8, 8.5, 9, 9.5, 10], 'burst'), ...at([16], 'late')]
    const [found] = keyAnomalies([key({ recent })], options)
    expect(found?.event_ids).toEqual(['burst0', 'burst1', 'burst2', 'burst3', 'burst4'])
    expect(found?.observed).toBe(5)
    expect(found?.score).toBeGreaterThan(6)
    expect(found?.from).toBe(recentFrom + 8 * minute)
    expect(found?.to).toBe(recentFrom + 10 * minute)
  })

  it('does not flag the same burst on a key that is that busy all the time', () => {
    const recent = at([8, 8.5, 9, 9.5, 10], 'burst')
    expect(keyAnomalies([key({ recent, baseline: steady(150) })], options)).toEqual([])
  })

  it('leaves a past incident in the baseline out of the rate', () => {
    const recent = at([8, 8.5, 9, 9.5], 'burst')
    // steady(3) fails at 10, 30 and 50 minutes into the hour; the incident fills minutes 20 to 22.
    const pastIncident = Array.from(
      { length: 8 },
      (_, i) => options.baselineFrom + (20 + i / 4) * minute,
    )
    const score = (baseline: number[]) =>
      keyAnomalies([key({ recent, baseline })], options)[0]?.score
    const quiet = score(steady(3)) ?? NaN
    expect(Math.abs((score([...steady(3), ...pastIncident]) ?? NaN) - quiet)).toBeLessThan(0.2)
    // Counted as ordinary failures, the same 11 would make the burst far less surprising.
    expect(score(steady(11)) ?? 0).toBeLessThan(quiet - 1.5)
  })

  it('does not take the time before the data began for quiet', () => {
    const recent = at([8, 9, 10], 'burst')
    expect(keyAnomalies([key({ recent })], options)).toHaveLength(1)
    const fresh = { ...options, dataFrom: recentFrom - 5 * minute }
    expect(keyAnomalies([key({ recent })], fresh)).toEqual([])
  })

  it('discounts the search: more keys scored, less significant the same burst', () => {
    const burst = key({ recent: at([8, 8.5, 9, 9.5, 10], 'burst') })
    const others = Array.from({ length: 99 }, (_, i) =>
      key({
        system_id: `SYS-${1000 + i}`,
        recent: at([2 + i / 20], `k${i}-`),
        baseline: steady(1),
      }),
    )
    const [alone] = keyAnomalies([burst], options)
    const [among] = keyAnomalies([burst, ...others], options)
    expect(among?.score).toBe(alone?.score)
    expect((alone?.significance ?? 0) - (among?.significance ?? 0)).toBeCloseTo(2, 5)
    expect(alone?.significance).toBeLessThan(alone?.score ?? 0)
  })

  it('orders the anomalies strongest first, with a per-key threshold', () => {
    const strong = key({ system_id: 'SYS-0002', recent: at([5, 5.2, 5.4, 5.6, 5.8, 6], 's') })
    const weak = key({ system_id: 'SYS-0003', recent: at([3, 4], 'w') })
    const report = key({ system_id: null, category: 'Software Bug', recent: at([12], 'r') })
    const lenient = { ...options, minScore: (k: KeyCounts) => (k.system_id === null ? 1.5 : 2.5) }
    expect(keyAnomalies([weak, report, strong], lenient).map((a) => a.event_ids[0])).toEqual([
      's0',
      'w0',
      'r0',
    ])
    expect(keyAnomalies([weak, report, strong], options).map((a) => a.event_ids[0])).toEqual([
      's0',
      'w0',
    ])
  })
})
