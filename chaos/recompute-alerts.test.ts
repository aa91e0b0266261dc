import { DuckDBInstance } from '@duckdb/node-api'
import { describe, expect, it } from 'vitest'
import { inMemoryRunner, pipeline } from '@incident-pipeline/dataflow'
import { createEventGenerator } from '../generator/generate-events.ts'
import { enrichIncident } from '../transforms/enrich-incident.ts'
import { parseIncident } from '../transforms/parse-incident.ts'
import {
  alertRules,
  defaultAlertRulesConfig,
  parseAlertRulesConfig,
  type Alert,
  type AlertInput,
} from '../transforms/index.ts'
import type { AlertRule } from '../transforms/alert-rules-config.ts'
import { alertsOf, bucketCountsSql, foldEarlyFirings } from './recompute-alerts.ts'

const t0 = Date.UTC(2026, 10, 28)
const MIN = 60_000

/** Three hours of background at 2 events/s, and a burst of database ERRORs at 01:40. */
function incidents(): AlertInput[] {
  const items = createEventGenerator({ seed: 3, startTime: t0, eventsPerSecond: 2 }).take(21_600)
  const rows: AlertInput[] = items.flatMap((item, i) =>
    item.kind === 'poison'
      ? []
      : [enrichIncident(parseIncident(item.event, item.eventTime), { partition: 0, offset: i })],
  )
  const template = rows.find((r) => r.level === 'ERROR' && r.service !== null)
  if (template === undefined) throw new Error('no ERROR in the background')
  for (let i = 0; i < 30; i++) {
    const time = t0 + 100 * MIN + i * 5_000
    rows.push({ ...template, event_id: `burst-${i}`, event_time: time, service: 'database' })
  }
  return rows.sort((a, b) => a.event_time - b.event_time)
}

async function streamed(rule: AlertRule, rows: AlertInput[]): Promise<Alert[]> {
  const p = pipeline()
  p.source<AlertInput>('enriched')
    .apply(alertRules({ rules: [rule] }))
    .output('alerts')
  const runner = inMemoryRunner(p.build(), { partitions: { enriched: 3 } })
  await runner.feed(
    'enriched',
    rows.map((value, i) => ({ partition: i % 3, timestamp: value.event_time, value })),
  )
  await runner.drain()
  const alerts = (await runner.outputs<Alert>('alerts')).map((r) => r.value)
  await runner.close()
  return alerts
}

async function recomputed(rule: AlertRule, rows: AlertInput[]): Promise<Alert[]> {
  const instance = await DuckDBInstance.create(':memory:')
  const db = await instance.connect()
  try {
    await db.run(
      `CREATE TABLE raw (service VARCHAR, level VARCHAR, action VARCHAR,
        severity_normalized VARCHAR, ms BIGINT)`,
    )
    const appender = await db.createAppender('raw')
    for (const r of rows) {
      if (r.service === null) appender.appendNull()
      else appender.appendVarchar(r.service)
      appender.appendVarchar(r.level)
      appender.appendVarchar(r.action)
      appender.appendVarchar(r.severity_normalized)
      appender.appendBigInt(BigInt(r.event_time))
      appender.endRow()
    }
    appender.closeSync()
    await db.run('CREATE VIEW inc AS SELECT *, epoch_ms(ms) AS event_time FROM raw')
    const counts = (await db.runAndReadAll(bucketCountsSql('inc', rule)))
      .getRowObjectsJS()
      .map((r) => ({
        key: String(r.key),
        bucket: Number(r.bucket),
        matched: Number(r.matched),
        all: Number(r.all),
      }))
    return alertsOf(rule, MIN, counts)
  } finally {
    db.closeSync()
    instance.closeSync()
  }
}

const comparable = (alerts: Alert[]) =>
  alerts
    .map((a) => [a.rule, a.key, a.state, a.window_start, a.count])
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))

describe('batch recomputation of the alert rules', () => {
  it.each(parseAlertRulesConfig(defaultAlertRulesConfig).rules.map((r) => [r.name, r] as const))(
    'gives the records the streaming windows give (%s)',
    async (_name, rule) => {
      const rows = incidents()
      const stream = await streamed(rule, rows)
      expect(stream.filter((a) => a.key === 'database').map((a) => a.state)).toContain('fired')
      expect(comparable(await recomputed(rule, rows))).toEqual(comparable(foldEarlyFirings(stream)))
    },
  )

  it('folds an early firing into its window, and leaves duplicates as they are', () => {
    const fired = { fingerprint: 'f', window_start: 0, state: 'fired', count: 3 }
    const updated = { ...fired, state: 'updated', count: 5 }
    expect(foldEarlyFirings([fired, updated])).toEqual([{ ...updated, state: 'fired' }])
    expect(foldEarlyFirings([fired, fired])).toEqual([fired, fired])
    expect(foldEarlyFirings([fired, updated, updated])).toHaveLength(3)
    expect(foldEarlyFirings([fired, { ...updated, window_start: 1 }])).toHaveLength(2)
  })

  it('gives the anomaly a lifecycle around the burst', async () => {
    const rule = parseAlertRulesConfig({
      rules: [{ name: 'error-anomaly', kind: 'anomaly', match: { levels: ['ERROR'] } }],
    }).rules[0] as AlertRule
    const stream = await streamed(rule, incidents())
    expect(stream.filter((a) => a.key === 'database').map((a) => a.state)).toEqual([
      'fired',
      'updated',
      'resolved',
    ])
  })
})
