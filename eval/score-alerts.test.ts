import { describe, expect, it } from 'vitest'
import { planScenario } from '../generator/scenarios/plan-scenario.ts'
import { loadServiceMap } from '../config/service-map-file.ts'
import type { AlertState } from '../transforms/index.ts'
import {
  alertScenario,
  scoreAlerts,
  type AlertScenario,
  type AlertScoreInput,
  type ScoredAlert,
} from './score-alerts.ts'

const min = 60_000
const hour = 60 * min

/** A scenario on `services` from `from` to `to` minutes: an INFO event, then a WARNING at +2. */
function scenario(id: string, kind: string, services: string[], from: number, to: number) {
  return {
    id,
    kind,
    services,
    events: [
      { eventId: `${id}-a`, eventTime: from * min, level: 'INFO' },
      { eventId: `${id}-b`, eventTime: (from + 2) * min, level: 'WARNING' },
      { eventId: `${id}-c`, eventTime: to * min, level: 'ERROR' },
    ],
  } satisfies AlertScenario
}

function alert(
  rule: string,
  key: string,
  from: number,
  to: number,
  ids: string[] = [],
  state: AlertState = 'fired',
) {
  return {
    rule,
    key,
    state,
    window_start: from * min,
    window_end: to * min,
    fired_at: (to + 1) * min,
    sample_event_ids: ids,
  } satisfies ScoredAlert
}

const db = scenario('db-0', 'database-pool-exhaustion', ['database', 'api-gateway'], 30, 50)
const ddos = scenario('ddos-0', 'ddos', ['cdn'], 90, 100)
const base: AlertScoreInput = {
  alerts: [],
  rules: ['error-burst', 'error-rate'],
  slots: [{ start: 0, end: 2 * hour }],
  injected: [db, ddos],
  scored: [db, ddos],
  padMs: 5 * min,
}

describe('scoreAlerts', () => {
  it('counts the background-only hours: the slots minus the padded, merged spans', () => {
    // Padded spans 25..55 and 85..105 min: 70 of 120 min; an overlapping one counts once.
    const extra = scenario('db-1', 'database-pool-exhaustion', ['database'], 40, 60)
    expect(scoreAlerts(base).backgroundHours).toBe(1.17)
    expect(scoreAlerts({ ...base, injected: [db, ddos, extra] }).backgroundHours).toBe(1)
    // A span past the slot's end is clipped.
    const late = scenario('ddos-9', 'ddos', ['cdn'], 118, 130)
    expect(scoreAlerts({ ...base, injected: [db, ddos, late] }).backgroundHours).toBe(1.05)
  })

  it('counts as false only alerts clear of every padded span and of scenario events', () => {
    const alerts = [
      alert('error-burst', 'web-server', 0, 5), // false
      alert('error-burst', 'web-server', 10, 15), // false
      alert('error-burst', 'web-server', 20, 26), // reaches db's padded span: not false
      alert('error-rate', 'web-server', 60, 75), // false
      alert('error-rate', 'web-server', 60, 75, ['db-0-c']), // holds a scenario event
    ]
    const { falseAlerts } = scoreAlerts({ ...base, alerts })
    expect(falseAlerts).toEqual([
      { rule: 'error-burst', alerts: 3, false_alerts: 2, false_per_hour: 1.71 },
      { rule: 'error-rate', alerts: 2, false_alerts: 1, false_per_hour: 0.86 },
    ])
  })

  it('reports a rule that never fired, and one it was not told about', () => {
    const { falseAlerts } = scoreAlerts({ ...base, alerts: [alert('other', 'x', 0, 5)] })
    expect(falseAlerts.map((r) => [r.rule, r.alerts, r.false_alerts])).toEqual([
      ['error-burst', 0, 0],
      ['error-rate', 0, 0],
      ['other', 1, 1],
    ])
  })

  it('times detection from the first failure event to the earliest matching alert', () => {
    const alerts = [
      alert('error-rate', 'database', 35, 50), // fires at 51: 51 - 32 = 19 min
      alert('error-burst', 'api-gateway', 40, 45), // fires at 46: 14 min, the first
      alert('error-burst', 'web-server', 30, 35), // not a service of the scenario
      alert('error-burst', 'cdn', 35, 40), // a service of ddos, but not during it
    ]
    const { detections, latency } = scoreAlerts({ ...base, alerts })
    expect(detections).toEqual([
      {
        scenario: 'db-0',
        kind: 'database-pool-exhaustion',
        latencyMs: 14 * min,
        rule: 'error-burst',
      },
      { scenario: 'ddos-0', kind: 'ddos', latencyMs: null, rule: null },
    ])
    expect(latency).toEqual([
      {
        kind: 'database-pool-exhaustion',
        scenarios: 1,
        detected: 1,
        missed: 0,
        median_s: 840,
        max_s: 840,
      },
      { kind: 'ddos', scenarios: 1, detected: 0, missed: 1, median_s: null, max_s: null },
      { kind: 'all', scenarios: 2, detected: 1, missed: 1, median_s: 840, max_s: 840 },
    ])
  })

  it('detects by a scenario event among the samples whatever the key', () => {
    const alerts = [alert('error-burst', '(none)', 95, 100, ['ddos-0-c'])]
    expect(scoreAlerts({ ...base, alerts }).detections[1]?.latencyMs).toBe(9 * min)
  })

  it('counts only fired records as alerts; updated ones detect, resolved ones do not', () => {
    const alerts = [
      alert('error-anomaly', 'web-server', 0, 5), // false
      alert('error-anomaly', 'web-server', 5, 10, [], 'updated'),
      alert('error-anomaly', 'web-server', 10, 15, [], 'resolved'),
      alert('error-anomaly', 'database', 30, 35, [], 'resolved'), // does not detect db-0
      alert('error-anomaly', 'database', 35, 40, [], 'updated'), // fires at 41: 9 min
    ]
    const { falseAlerts, detections } = scoreAlerts({ ...base, alerts })
    expect(falseAlerts.at(-1)).toEqual({
      rule: 'error-anomaly',
      alerts: 1,
      false_alerts: 1,
      false_per_hour: 0.86,
    })
    expect(detections[0]).toMatchObject({ latencyMs: 9 * min, rule: 'error-anomaly' })
  })

  it('scores detection by each rule on its own', () => {
    const alerts = [
      alert('error-burst', 'api-gateway', 40, 45), // fires at 46: 14 min
      alert('error-rate', 'database', 35, 50), // fires at 51: 19 min
      alert('error-rate', 'cdn', 90, 95), // fires at 96: ddos's first failure is at 92
    ]
    const { byRule } = scoreAlerts({ ...base, alerts })
    expect(byRule.map((r) => [r.rule, r.detected, r.missed, r.median_s])).toEqual([
      ['error-burst', 1, 1, 840],
      ['error-rate', 2, 0, (19 * 60 + 4 * 60) / 2],
    ])
  })

  it('takes the median of an even count as the mean of the middle two', () => {
    const slow = scenario('db-2', 'database-pool-exhaustion', ['database'], 29, 49)
    const alerts = [alert('error-burst', 'database', 30, 35)] // fires at 36: 4 and 5 min
    const { latency } = scoreAlerts({ ...base, alerts, scored: [db, slow] })
    expect(latency[0]).toMatchObject({ detected: 2, median_s: 270, max_s: 300 })
  })
})

describe('alertScenario', () => {
  it('takes the services from the truth and the levels from the templates', () => {
    const plan = planScenario({
      kind: 'ddos',
      seed: 3,
      index: 0,
      startTime: 0,
      map: loadServiceMap(),
      timing: 'immediate',
    })
    const s = alertScenario(plan)
    expect(s.services).toEqual(plan.truth.affected_services)
    expect(s.events.map((e) => e.eventId)).toEqual(plan.events.map((e) => e.eventId))
    expect(s.events.some((e) => e.level === 'ERROR' || e.level === 'WARNING')).toBe(true)
  })
})
