import { describe, expect, it } from 'vitest'
import { inMemoryRunner, pipeline } from '@incident-pipeline/dataflow'
import { alertFingerprint, type Alert, type AlertInput } from './alert-record.ts'
import { parseAlertRulesConfig, type AnomalyRule } from './alert-rules-config.ts'
import { alertRules } from './alert-rules.ts'
import { errorEvent, H3, MIN } from './alert-test-events.ts'
import { bucketCountFn } from './alert-lifecycle.ts'
import { anomalyShape } from './anomaly-rule.ts'

const event = errorEvent
const info = (minute: number, fields: Partial<AlertInput> = {}): AlertInput =>
  event(minute, {
    level: 'INFO',
    action: 'maintenance_completed',
    severity_normalized: 'info',
    ...fields,
  })

/** On-time panes only, unless a test asks for early firing. */
const rule = {
  name: 'error-anomaly',
  kind: 'anomaly' as const,
  match: { levels: ['ERROR' as const] },
  fireEarly: false,
}

/** The alerts of the events in time order (or as given, with `inOrder: false`). */
async function alertsFor(
  events: AlertInput[],
  extra: object = {},
  inOrder = true,
): Promise<Alert[]> {
  const fed = inOrder ? [...events].sort((a, b) => a.event_time - b.event_time) : events
  const p = pipeline()
  p.source<AlertInput>('enriched')
    .apply(alertRules({ rules: [{ ...rule, ...extra }] }))
    .output('alerts')
  const runner = inMemoryRunner(p.build(), { partitions: { enriched: 2 } })
  await runner.feed(
    'enriched',
    fed.map((e, i) => ({ partition: i % 2, timestamp: e.event_time, value: e })),
  )
  await runner.drain()
  const alerts = (await runner.outputs<Alert>('alerts')).map((r) => r.value)
  await runner.close()
  return alerts.sort((a, b) => a.window_start - b.window_start)
}

/** One ERROR every 10 minutes and two INFO a minute: a steady key, too busy to be quiet. */
const steady = (from: number, to: number): AlertInput[] =>
  Array.from({ length: to - from }, (_, i) => from + i).flatMap((m) => [
    ...(m % 10 === 0 ? [event(m)] : []),
    info(m + 0.25),
    info(m + 0.75),
  ])
const burst = (minute: number, n: number, fields: Partial<AlertInput> = {}): AlertInput[] =>
  Array.from({ length: n }, (_, i) => event(minute + i / n, fields))

const rows = (alerts: Alert[]) => alerts.map((a) => [a.state, (a.window_start - H3) / MIN, a.count])

describe('anomaly rule shape', () => {
  it('spans the baseline and the buckets the decision reads', () => {
    const parsed = parseAlertRulesConfig({ rules: [rule] }).rules[0] as AnomalyRule
    expect(anomalyShape(parsed)).toEqual({
      bucketMs: 5 * MIN,
      historyBuckets: 12,
      minHistoryBuckets: 4,
      keepBuckets: 1,
      spanBuckets: 1,
      windowBuckets: 14,
    })
    const keep = parseAlertRulesConfig({ rules: [{ ...rule, keepFiringFor: '15m' }] })
    expect(anomalyShape(keep.rules[0] as AnomalyRule).windowBuckets).toBe(16)
  })

  it('rejects spans that are not whole buckets, naming the rule', () => {
    const bad = (extra: object) =>
      anomalyShape(
        parseAlertRulesConfig({ rules: [{ ...rule, ...extra }] }).rules[0] as AnomalyRule,
      )
    expect(() => bad({ baseline: '62m' })).toThrow(
      'rule error-anomaly: baseline must be a whole number of buckets (300000 ms)',
    )
    expect(() => bad({ minHistory: '2h' })).toThrow('minHistory is longer than the baseline')
    expect(() => parseAlertRulesConfig({ rules: [{ ...rule, minScore: 0 }] })).toThrow(
      /rules\.0\.minScore/,
    )
  })
})

describe('anomaly rule', () => {
  it('fires on a burst above the baseline, updates while it lasts and resolves after it', async () => {
    const events = [...steady(0, 120), ...burst(70, 8), ...burst(75, 6)]
    const alerts = await alertsFor(events)
    expect(rows(alerts)).toEqual([
      ['fired', 70, 9],
      ['updated', 75, 6],
      ['resolved', 80, 1],
    ])
    const [fired, , resolved] = alerts
    expect(fired).toMatchObject({
      fingerprint: alertFingerprint('error-anomaly', 'database'),
      rule_kind: 'anomaly',
      threshold: 4,
      window_end: H3 + 75 * MIN,
      fired_at: H3 + 76 * MIN,
    })
    expect(fired?.score).toBeGreaterThan(4)
    // Six ERRORs in the hour before, plus the pseudo event, over twelve 5-minute buckets.
    expect(fired?.expected).toBeCloseTo(7 / 12, 9)
    expect(fired?.sample_event_ids).toHaveLength(9)
    expect(resolved?.sample_event_ids).toEqual([])
    expect(new Set(alerts.map((a) => a.fingerprint)).size).toBe(1)
    expect(new Set(alerts.map((a) => a.alert_id)).size).toBe(3)
  })

  it('does not fire for a key that is always that busy', async () => {
    const noisy = Array.from({ length: 120 }, (_, m) => burst(m, 2)).flat()
    expect(await alertsFor([...noisy, ...burst(70, 4)])).toEqual([])
  })

  it('needs minCount events and minHistory of the key before it scores', async () => {
    // Two errors on a quiet key are unlikely, but fewer than minCount.
    expect(await alertsFor([...steady(0, 120), ...burst(70, 2)])).toEqual([])
    // A key first seen 10 minutes before its burst has no baseline yet.
    expect(await alertsFor([...steady(60, 120), ...burst(70, 8)])).toEqual([])
    expect(await alertsFor([...steady(60, 120), ...burst(70, 8)], { minHistory: '10m' })).toEqual([
      expect.objectContaining({ state: 'fired' }),
      expect.objectContaining({ state: 'resolved' }),
    ])
  })

  it('does not read a stop of the stream as an hour of silence', async () => {
    const resumed = [...steady(0, 60), ...steady(120, 180)]
    expect(await alertsFor([...resumed, ...burst(120, 8)])).toEqual([])
    // The same burst a while after the restart stands out from the new baseline.
    expect(rows(await alertsFor([...resumed, ...burst(150, 8)]))).toEqual([
      ['fired', 150, 9],
      ['resolved', 155, 0],
    ])
  })

  it('counts matching events only, and keys apart', async () => {
    const events = [
      ...steady(0, 120),
      ...steady(0, 120).map((e) => ({ ...e, service: 'cdn' })),
      ...burst(70, 8, { level: 'WARNING' }),
      ...burst(70, 8, { service: 'cdn' }),
    ]
    const alerts = await alertsFor(events)
    expect(alerts.map((a) => [a.key, a.state])).toEqual([
      ['cdn', 'fired'],
      ['cdn', 'resolved'],
    ])
  })

  it('keeps firing through a quiet bucket with keepFiringFor', async () => {
    const events = [...steady(0, 120), ...burst(70, 8), ...burst(80, 8)]
    expect(rows(await alertsFor(events))).toEqual([
      ['fired', 70, 9],
      ['resolved', 75, 0],
      ['fired', 80, 9],
      ['resolved', 85, 0],
    ])
    expect(rows(await alertsFor(events, { keepFiringFor: '10m' }))).toEqual([
      ['fired', 70, 9],
      ['updated', 80, 9],
      ['resolved', 90, 1],
    ])
  })

  it('fires early, as soon as the bucket so far stands out, and reports the final count on time', async () => {
    // Past the bucket's first minute: early firing waits until the earlier buckets are final.
    const events = [...steady(0, 120), ...burst(72, 8), ...burst(75, 6)]
    const alerts = await alertsFor(events, { fireEarly: true })
    expect(
      alerts.map((a) => [a.state, (a.window_start - H3) / MIN, a.count, a.fired_at - H3]),
    ).toEqual([
      // The steady ERROR at 70:00 and five of the burst: 6 events against 0.58 expected.
      ['fired', 70, 6, 72.5 * MIN],
      ['updated', 70, 9, 76 * MIN],
      ['updated', 75, 6, 81 * MIN],
      ['resolved', 80, 1, 86 * MIN],
    ])
    const [early, onTime] = alerts
    expect(early?.alert_id).toBe(
      (await alertsFor(events)).find((a) => a.state === 'fired')?.alert_id,
    )
    expect(onTime?.fingerprint).toBe(early?.fingerprint)
  })

  it('gives the same records whatever the arrival order', async () => {
    const events = [...steady(0, 120), ...burst(70, 8), ...burst(75, 6)]
    const reversed = [...events].reverse()
    expect(await alertsFor(reversed, { grace: '3h' }, false)).toEqual(
      await alertsFor(events, { grace: '3h' }),
    )
  })

  it('merges partial accumulators as if they were one', () => {
    const fn = bucketCountFn(5 * MIN)
    const events = [...steady(0, 30), ...burst(20, 4)].map((e) => ({
      time: e.event_time,
      id: e.event_id,
      matched: e.level === 'ERROR',
    }))
    const acc = (list: typeof events) =>
      list.reduce((a, e) => fn.addInput(a, e), fn.createAccumulator())
    const norm = (a: ReturnType<typeof acc>) => ({
      ...a,
      buckets: [...a.buckets].sort((x, y) => x[0] - y[0]),
    })
    const merged = fn.mergeAccumulators([acc(events.slice(20)), acc(events.slice(0, 20))])
    expect(norm(merged)).toEqual(norm(acc(events)))
  })
})
