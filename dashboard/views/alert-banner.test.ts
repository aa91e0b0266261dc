import { describe, expect, it } from 'vitest'
import { alertBanner } from './components.ts'

describe('alert banner', () => {
  it('words alerts by state, and by threshold or baseline', () => {
    const html = String(
      alertBanner([
        {
          rule: 'error-anomaly',
          rule_kind: 'anomaly',
          key: 'database',
          state: 'fired',
          count: 9,
          expected: 0.58,
          score: 6.24,
          threshold: 4,
          window_start: '2026-11-28T04:10:00.000Z',
        },
        {
          rule: 'error-burst',
          rule_kind: 'threshold',
          key: '<b>cdn</b>',
          state: 'fired',
          count: 3,
          expected: null,
          score: null,
          threshold: 3,
          window_start: '2026-11-28T04:10:00.000Z',
        },
      ]),
    )
    expect(html).toMatch(
      /error-anomaly<\/span> <span class="key">database<\/span>: fired: 9 events from [^,]+, 0\.6 expected \(score 6\.2\)/,
    )
    expect(html).toMatch(/&lt;b&gt;cdn&lt;\/b&gt;<\/span>: fired: 3 events from .+ \(threshold 3\)/)
    expect(String(alertBanner([]))).toContain('hidden')
  })
})
