import { describe, expect, it } from 'vitest'
import { cascadeStart, categoryOf, isFailure, runsOf } from './episode.ts'
import { normalizeBundle, type IncidentRow } from './incident-row.ts'

const minute = 60_000
const t0 = Date.parse('2026-11-28T03:00:00Z')

function events(rows: [minutes: number, level: IncidentRow['level'], action: string][]) {
  const [first, ...rest] = rows.map(([m, level, action], i) => ({
    event_id: `e${i}`,
    event_time: t0 + m * minute,
    level,
    action,
    service: 'database',
  }))
  if (!first) throw new Error('no rows')
  return normalizeBundle({ primary: first, correlated: rest }).events
}

describe('failures', () => {
  it('are WARNING and ERROR events with a category; symptoms count as Performance Degradation', () => {
    const [info, threshold, unknown] = events([
      [0, 'INFO', 'system_recovered'],
      [1, 'WARNING', 'resource_threshold'],
      [2, 'ERROR', 'unknown'],
    ])
    expect(info && isFailure(info)).toBe(false)
    expect(threshold && categoryOf(threshold)).toBe('Performance Degradation')
    expect(threshold && isFailure(threshold)).toBe(true)
    expect(unknown && isFailure(unknown)).toBe(false)
  })
})

describe('runsOf', () => {
  it('splits failures where the gap between two exceeds the limit', () => {
    const failures = events([
      [0, 'WARNING', 'resource_threshold'],
      [1, 'WARNING', 'resource_threshold'],
      [5, 'WARNING', 'resource_threshold'],
      [6.5, 'WARNING', 'resource_threshold'],
    ])
    const runs = runsOf(failures, 2 * minute).map((run) => run.map((e) => e.event_id))
    expect(runs).toEqual([
      ['e0', 'e1'],
      ['e2', 'e3'],
    ])
    expect(runsOf([], minute)).toEqual([])
  })
})

describe('cascadeStart', () => {
  const cascade = events([
    [-20, 'WARNING', 'performance_degradation'],
    [-6, 'WARNING', 'resource_threshold'],
    [-5, 'INFO', 'system_recovered'],
    [-4, 'WARNING', 'resource_threshold'],
    [-2, 'WARNING', 'performance_degradation'],
    [0, 'ERROR', 'critical_incident'],
    [1, 'WARNING', 'performance_degradation'],
  ])

  it('walks back over failures no further apart than the gap, ignoring INFO and later events', () => {
    expect(cascadeStart(cascade, t0, 2 * minute, 30 * minute)).toBe(t0 - 6 * minute)
    expect(cascadeStart(cascade, t0, 1.5 * minute, 30 * minute)).toBe(t0)
  })

  it('stops at the lookback, and is the selected time when nothing precedes it', () => {
    expect(cascadeStart(cascade, t0, 20 * minute, 10 * minute)).toBe(t0 - 6 * minute)
    expect(cascadeStart(cascade, t0 - 30 * minute, 2 * minute, 30 * minute)).toBe(t0 - 30 * minute)
  })
})
