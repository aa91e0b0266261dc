import { describe, expect, it } from 'vitest'
import { renderRun, type RenderedRun } from './render-run.ts'

const run: RenderedRun = {
  pipeline: 'direct',
  perKind: 2,
  seed: 7,
  noiseRate: 1,
  events: 1234,
  seconds: 3.2,
  summary: [
    {
      analyzer: 'offline:x',
      kind: 'all',
      scenarios: 2,
      top1: '50%',
      top3: '100%',
      category: '100%',
      evidence_in_scenario: '90%',
      median_ms: 12,
    },
  ],
  alerts: {
    backgroundHours: 7.5,
    falseAlerts: [{ rule: 'error-burst', alerts: 9, false_alerts: 3, false_per_hour: 0.4 }],
    latency: [{ kind: 'ddos', scenarios: 2, detected: 1, missed: 1, median_s: 61.5, max_s: 61.5 }],
    byRule: [
      { rule: 'error-burst', scenarios: 2, detected: 1, missed: 1, median_s: 61.5, max_s: 61.5 },
    ],
    detections: [],
  },
}

describe('renderRun', () => {
  it('names the rate in the heading and above each alert table', () => {
    const text = renderRun(run)
    const lines = text.split('\n')
    expect(lines[0]).toBe(
      '== background noise 1 events/s (pipeline: direct): 2 scenarios per kind, seed 7, 1234 events, 3.2s ==',
    )
    expect(text).toContain('false alerts at 1 events/s over 7.5 h of background-only event time:')
    expect(text).toContain('detection latency at 1 events/s')
    expect(text).toContain('detection by each rule alone at 1 events/s')
  })

  it('prints one row per summary row, rule and kind', () => {
    const lines = renderRun(run).split('\n')
    expect(lines.filter((l) => l.startsWith('offline:x'))).toHaveLength(1)
    expect(lines.find((l) => l.startsWith('error-burst'))).toMatch(/\|\s+9 \|\s+3 \|\s+0\.4$/)
    expect(lines.find((l) => l.startsWith('ddos'))).toMatch(/\|\s+1 \|\s+1 \|\s+61\.5 \|\s+61\.5$/)
  })
})
