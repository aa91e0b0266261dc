import { describe, expect, it } from 'vitest'
import { testDocument, textsOf } from './chart-test-support.ts'
import { failureRate, type FailureRateRow } from './failure-rate.ts'

const minute = 60_000
const at = Date.UTC(2026, 10, 28, 12, 0)
const series = (peak: number) =>
  Array.from({ length: 41 }, (_, i) => ({
    minute: at + (i - 30) * minute,
    failures: i >= 27 && i <= 29 ? peak : 1,
  }))
const rows: FailureRateRow[] = [
  {
    service: 'database',
    baselinePerMinute: 1.2,
    burst: { from: at - 3 * minute, to: at - minute },
    series: series(9),
  },
  {
    service: '<script>x</script>',
    baselinePerMinute: 0.4,
    burst: { from: at - 2 * minute, to: at - minute },
    series: series(2),
  },
]

describe('failureRate', () => {
  it('draws a row per service: its failures, its baseline, its abnormal run, and the incident', () => {
    const svg = failureRate(rows, { document: testDocument(), at }).outerHTML
    expect(textsOf(svg, 'g[aria-label="line"] path').length).toBe(2)
    expect(textsOf(svg, 'g[aria-label="rule"] g[stroke-dasharray="4,3"] line').length).toBe(2)
    expect(textsOf(svg, 'g[aria-label="rect"] rect').length).toBe(2)
    expect(textsOf(svg, 'g[aria-label="fy-axis tick label"] text')).toEqual([
      'database',
      '<script>x</script>',
    ])
    expect(svg).not.toContain('<script>x')
    expect(svg).toContain('database: baseline 1.20 failures a minute')
  })

  it('says so when there is nothing to draw', () => {
    const svg = failureRate([], { document: testDocument(), at }).outerHTML
    expect(svg).toContain('No related service has failures around this incident')
  })
})
