// The open hour through GET /api/hourly-summary and the SQL endpoint: closed rows stay as
// committed, the hour after the last closed one is summarised from the incidents, marked
// provisional, with the figures the topology's combiner gives for the same events.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { hourlySummaryFn, type SummaryInput } from '../../transforms/hourly-summary-fn.ts'
import { appendIncidents, type FixtureIncident } from '../../testing/fixtures/write-fixtures.ts'
import { startTestDashboard, type TestDashboard } from '../test-support.ts'

const base = Date.UTC(2026, 10, 28, 0, 0, 0)
const openHour = base + 5 * 3_600_000
let t: TestDashboard

const open: FixtureIncident[] = Array.from({ length: 13 }, (_, i) => ({
  event_id: `open-${i}`,
  event_time: openHour + i * 60_000,
  level: 'ERROR',
  message: `payment-api timeout ${i}`,
  service: 'payment-api',
  category: 'Network Issue',
  incident_id: `INC-${i % 4}`,
  affected_users: i * 10,
  severity_normalized: i % 3 === 0 ? 'critical' : 'high',
  lifecycle_stage: i % 2 === 0 ? 'resolved' : 'detected',
  duration_minutes: i % 2 === 0 ? 5 + i * 7 : null,
  source_offset: 10_000 + i,
}))

beforeAll(async () => {
  t = await startTestDashboard({ fixtures: { incidents: 120, start: base, spanHours: 3 } })
  await appendIncidents(t.dataDir, open)
})
afterAll(() => t.close())

type Row = Record<string, unknown>
const summary = async (query: string): Promise<Row[]> => {
  const res = await t.app.request(`/api/hourly-summary?${query}`)
  expect(res.status).toBe(200)
  return ((await res.json()) as { items: Row[] }).items
}

describe('hourly_summary_live', () => {
  it('marks closed hours final and the open hour provisional', async () => {
    const rows = await summary('limit=1000')
    const hours = new Map<number, Set<unknown>>()
    for (const r of rows) {
      const hour = Date.parse(String(r.window_start))
      hours.set(hour, (hours.get(hour) ?? new Set()).add(r.provisional))
    }
    expect([...hours.keys()].sort()).toEqual([0, 1, 2, 5].map((h) => base + h * 3_600_000))
    for (const [hour, flags] of hours) expect(flags).toEqual(new Set([hour === openHour]))
    const closed = rows.filter((r) => r.provisional === false)
    expect(closed.reduce((n, r) => n + Number(r.event_count), 0)).toBe(2 * 120)
  })

  it("gives the open hour the figures the topology's combiner gives", async () => {
    const [row] = await summary('dimension=service_level&service=payment-api&level=ERROR')
    let acc = hourlySummaryFn.createAccumulator()
    for (const e of open) acc = hourlySummaryFn.addInput(acc, e as unknown as SummaryInput)
    const expected = hourlySummaryFn.extractOutput(acc)
    expect(row).toMatchObject({
      provisional: true,
      window_end: new Date(openHour + 3_600_000).toISOString(),
      event_count: expected.event_count,
      distinct_incidents: expected.distinct_incidents,
      affected_users_sum: expected.affected_users_sum,
      affected_users_max: expected.affected_users_max,
      critical_count: expected.critical_count,
      duration_count: expected.duration_count,
      duration_p50: expected.duration_p50,
      duration_p95: expected.duration_p95,
      duration_max: expected.duration_max,
      first_event_time: new Date(expected.first_event_time).toISOString(),
      last_event_time: new Date(expected.last_event_time).toISOString(),
    })
    expect(Number(row?.duration_mean)).toBeCloseTo(expected.duration_mean ?? NaN, 9)
  })

  it('is readable through the SQL endpoint', async () => {
    // The SQL worker checks the manifests at most every 100 ms, so the append made just before
    // the first test may not be visible to it yet; it must become visible, and exactly once.
    await vi.waitFor(
      async () => {
        const res = await t.app.request('/api/sql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            sql: 'SELECT provisional, sum(event_count) AS n FROM hourly_summary_live GROUP BY ALL ORDER BY 1',
          }),
        })
        expect(res.status).toBe(200)
        const body = (await res.json()) as { rows: unknown[][] }
        expect(body.rows).toEqual([
          [false, 240],
          [true, 26],
        ])
      },
      { timeout: 5000, interval: 50 },
    )
  })
})
