import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { inMemoryRunner, pipeline, type Pipeline } from '@incident-pipeline/dataflow'
import { alertFingerprint, stateRecordId, type Alert, type AlertInput } from './alert-record.ts'
import { alertRules } from './alert-rules.ts'
import { errorEvent, H3, MIN } from './alert-test-events.ts'
import {
  defaultAlertRulesConfig,
  parseAlertRulesConfig,
  type AlertRulesConfigInput,
} from './alert-rules-config.ts'

const event = errorEvent

function alertPipeline(config: AlertRulesConfigInput = defaultAlertRulesConfig): Pipeline {
  const p = pipeline()
  p.source<AlertInput>('enriched').apply(alertRules(config)).output('alerts')
  return p.build()
}
async function alertsFor(events: AlertInput[], config?: AlertRulesConfigInput): Promise<Alert[]> {
  const runner = inMemoryRunner(alertPipeline(config))
  await runner.feed(
    'enriched',
    events.map((e) => ({ partition: 0, timestamp: e.event_time, value: e })),
  )
  await runner.drain()
  return (await runner.outputs<Alert>('alerts')).map((r) => r.value)
}
const burstOnly = {
  rules: [
    {
      name: 'error-burst',
      kind: 'threshold',
      match: { levels: ['ERROR'] },
      window: '5m',
      threshold: 3,
    },
  ],
} satisfies AlertRulesConfigInput

describe('alert rules config', () => {
  it('accepts the defaults and fills in match, groupBy and grace', () => {
    const config = parseAlertRulesConfig({
      rules: [{ name: 'any', kind: 'threshold', window: '1m', threshold: 2 }],
    })
    expect(config).toEqual({
      grace: '1m',
      rules: [
        {
          name: 'any',
          kind: 'threshold',
          window: '1m',
          threshold: 2,
          match: {},
          groupBy: 'service',
          fireEarly: true,
        },
      ],
    })
    expect(parseAlertRulesConfig(defaultAlertRulesConfig).rules.map((r) => r.name)).toEqual([
      'error-burst',
      'error-rate',
      'error-anomaly',
    ])
  })

  it('rejects unknown keys at every level, naming the path', () => {
    const rule = { name: 'r', kind: 'threshold', window: '5m', threshold: 3 }
    expect(() => parseAlertRulesConfig({ rules: [rule], extra: 1 })).toThrow(
      /invalid alert rules config: \(root\): Unrecognized key/,
    )
    expect(() => parseAlertRulesConfig({ rules: [{ ...rule, treshold: 3 }] })).toThrow(
      /rules\.0: Unrecognized key: "treshold"/,
    )
    expect(() =>
      parseAlertRulesConfig({ rules: [{ ...rule, match: { level: ['ERROR'] } }] }),
    ).toThrow(/rules\.0\.match/)
  })

  it('rejects bad values and duplicate names', () => {
    const rule = { name: 'r', kind: 'threshold', window: '5m', threshold: 3 }
    expect(() => parseAlertRulesConfig({ rules: [{ ...rule, threshold: 0 }] })).toThrow(
      /rules\.0\.threshold/,
    )
    expect(() => parseAlertRulesConfig({ rules: [{ ...rule, window: '5 minutes' }] })).toThrow(
      /rules\.0\.window/,
    )
    expect(() => parseAlertRulesConfig({ rules: [rule, rule] })).toThrow(
      /rules: rule names must be unique/,
    )
    expect(() => parseAlertRulesConfig({ rules: [{ ...rule, kind: 'rate' }] })).toThrow(/rules\.0/)
    const rate = {
      name: 'r',
      kind: 'rate',
      window: { size: '5m', advance: '10m' },
      perMinute: 1,
    } as const
    expect(() => alertRules({ rules: [rate] })(pipeline().source<AlertInput>('x'))).toThrow(
      'rule r: the advance 10m is longer than the size 5m',
    )
  })
})

describe('alert rules', () => {
  const onTime = { rules: burstOnly.rules.map((r) => ({ ...r, fireEarly: false })) }

  it.each([
    [2, 0],
    [3, 1],
    [4, 1],
  ])(
    'with %i ERROR events for one service in 5 minutes fires %i alert(s), then resolves',
    async (count, fired) => {
      const events = Array.from({ length: count }, (_, i) => event(i))
      const alerts = await alertsFor(events, onTime)
      expect(alerts.filter((a) => a.state === 'fired')).toHaveLength(fired)
      if (fired === 0) return expect(alerts).toEqual([])
      expect(alerts[0]).toEqual({
        alert_id: stateRecordId('error-burst', 'database', H3, 'fired'),
        fingerprint: alertFingerprint('error-burst', 'database'),
        state: 'fired',
        rule: 'error-burst',
        rule_kind: 'threshold',
        key: 'database',
        window_start: H3,
        window_end: H3 + 5 * MIN,
        count,
        threshold: 3,
        score: null,
        expected: null,
        sample_event_ids: events.map((e) => e.event_id),
        fired_at: H3 + 6 * MIN,
      })
      expect(alerts[1]).toMatchObject({ state: 'resolved', window_start: H3 + 5 * MIN, count: 0 })
    },
  )

  it('counts per service, per window, and only ERROR events', async () => {
    const alerts = await alertsFor(
      [
        event(1),
        event(2),
        event(3, { level: 'WARNING' }),
        event(4, { service: 'cdn' }),
        event(5),
        event(6),
        event(7),
        event(8, { service: null }),
      ],
      onTime,
    )
    expect(alerts.map((a) => [a.key, a.state, (a.window_start - H3) / MIN, a.count])).toEqual([
      ['database', 'fired', 5, 3],
      ['database', 'resolved', 10, 0],
    ])
  })

  it('keeps one alert open while the rule holds, and updates its count', async () => {
    const events = [0, 1, 2, 5, 6, 7, 8, 10, 11].map((m) => event(m))
    const alerts = await alertsFor(events, onTime)
    expect(alerts.map((a) => [a.state, (a.window_start - H3) / MIN, a.count])).toEqual([
      ['fired', 0, 3],
      ['updated', 5, 4],
      ['resolved', 10, 2],
    ])
    expect(new Set(alerts.map((a) => a.fingerprint)).size).toBe(1)
  })

  it('fires early, at the event that meets the threshold, and reports the final count on time', async () => {
    const events = [0, 1, 2, 3].map((m) => event(m))
    const alerts = await alertsFor(events, burstOnly)
    expect(alerts.map((a) => [a.state, a.count, (a.fired_at - H3) / MIN])).toEqual([
      ['fired', 3, 2],
      ['updated', 4, 6],
      ['resolved', 0, 11],
    ])
  })

  it('checks a rate rule over each hopping window', async () => {
    const config = {
      rules: [
        {
          name: 'rate',
          kind: 'rate',
          window: { size: '10m', advance: '5m' },
          perMinute: 0.3,
          fireEarly: false,
        },
      ],
    } satisfies AlertRulesConfigInput
    const alerts = await alertsFor([event(6), event(7), event(8), event(12)], config)
    expect(
      alerts.map((a) => [a.state, (a.window_start - H3) / MIN, a.count, a.threshold, a.rule_kind]),
    ).toEqual([
      ['fired', 0, 3, 0.3, 'rate'],
      ['updated', 5, 4, 0.3, 'rate'],
      ['resolved', 10, 1, 0.3, 'rate'],
    ])
  })

  it('samples the 10 earliest events of the bucket, whatever the arrival order', async () => {
    const events = Array.from({ length: 12 }, (_, i) => event(i / 10))
    const shuffled = [...events].sort((a, b) => a.event_id.localeCompare(b.event_id) * -1)
    const [inOrder] = await alertsFor(events, onTime)
    const [reversed] = await alertsFor(shuffled, onTime)
    expect(inOrder?.sample_event_ids).toEqual(events.slice(0, 10).map((e) => e.event_id))
    expect(reversed).toEqual(inOrder)
  })

  it('emits records whose fields are exactly those of schemas/alert.avsc', async () => {
    const schema = JSON.parse(
      readFileSync(new URL('../schemas/alert.avsc', import.meta.url), 'utf8'),
    ) as {
      fields: { name: string }[]
    }
    const [alert] = await alertsFor([event(0), event(1), event(2)])
    expect(Object.keys(alert ?? {}).sort()).toEqual(schema.fields.map((f) => f.name).sort())
  })
})
