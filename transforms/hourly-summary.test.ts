import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  inMemoryRunner,
  pipeline,
  type FeedRecord,
  type Pipeline,
} from '@incident-pipeline/dataflow'
import { hourlySummary, summaryKeys, type HourlySummaryRow } from './hourly-summary.ts'
import type { SummaryInput } from './hourly-summary-fn.ts'
import { batchSummary, H3, summaryInput } from './summary-fixtures.ts'

const MIN = 60_000
const HOUR = 60 * MIN

function summaryPipeline(grace = '5m'): Pipeline {
  const p = pipeline()
  const { rows, late } = p.source<SummaryInput>('enriched').apply(hourlySummary({ grace }))
  rows.output('hourly_summary')
  late.output('late')
  return p.build()
}
const record = (event: SummaryInput, partition = 0): FeedRecord<SummaryInput> => ({
  partition,
  timestamp: event.event_time,
  value: event,
})
const rowsOf = async (runner: ReturnType<typeof inMemoryRunner>) =>
  (await runner.outputs<HourlySummaryRow>('hourly_summary')).map((r) => r.value)
const brief = (rows: HourlySummaryRow[]) =>
  rows.map((r) => [
    (r.window_start - H3) / HOUR,
    r.dimension,
    r.service ?? r.category,
    r.event_count,
    r.saw_late_input,
  ])

describe('hourly summary', () => {
  it('emits rows whose fields are exactly those of schemas/hourly-summary.avsc', async () => {
    const runner = inMemoryRunner(summaryPipeline())
    await runner.feed('enriched', [record(summaryInput(H3 + MIN, { category: 'Network Issue' }))])
    await runner.drain()
    const schema = JSON.parse(
      readFileSync(new URL('../schemas/hourly-summary.avsc', import.meta.url), 'utf8'),
    ) as {
      fields: { name: string }[]
    }
    const rows = await rowsOf(runner)
    expect(rows).toHaveLength(2)
    for (const row of rows)
      expect(Object.keys(row).sort()).toEqual(schema.fields.map((f) => f.name).sort())
  })

  it('puts an event at exactly hh:00:00.000 into the hour that starts then', async () => {
    const runner = inMemoryRunner(summaryPipeline())
    await runner.feed('enriched', [
      record(summaryInput(H3 + HOUR - 1)),
      record(summaryInput(H3 + HOUR)),
    ])
    await runner.drain()
    expect(brief(await rowsOf(runner))).toEqual([
      [0, 'category', null, 1, false],
      [0, 'service_level', 'web-server', 1, false],
      [1, 'category', null, 1, false],
      [1, 'service_level', 'web-server', 1, false],
    ])
  })

  it('includes out-of-order events within grace and emits each hour once, when it closes', async () => {
    const runner = inMemoryRunner(summaryPipeline('5m'))
    await runner.feed('enriched', [
      record(summaryInput(H3 + 10 * MIN)),
      record(summaryInput(H3 + HOUR + 4 * MIN)),
    ])
    await runner.feed('enriched', [record(summaryInput(H3 + 50 * MIN))])
    expect(await rowsOf(runner)).toEqual([])
    await runner.feed('enriched', [record(summaryInput(H3 + HOUR + 5 * MIN))])
    expect(brief(await rowsOf(runner))).toEqual([
      [0, 'category', null, 2, false],
      [0, 'service_level', 'web-server', 2, false],
    ])
    await runner.drain()
    expect(await rowsOf(runner)).toHaveLength(4)
  })

  it('keys the whole event by (service, level) and only its summary fields by category', () => {
    const event = { ...summaryInput(H3, { category: 'Network Issue' }), message: 'link down' }
    const [serviceLevel, category] = summaryKeys()(event)
    expect(serviceLevel.value).toBe(event)
    const { message: _, ...fields } = event
    expect(category.value).toEqual(fields)
  })

  it('sends a late event to late whole, with the fields the summary does not read', async () => {
    const p = pipeline()
    const source = p.source<SummaryInput & { message: string }>('enriched')
    source.apply(hourlySummary({ grace: '5m' })).late.output('late')
    const runner = inMemoryRunner(p.build())
    const late = { ...summaryInput(H3 + 20 * MIN), message: 'disk full' }
    await runner.feed('enriched', [
      {
        partition: 0,
        timestamp: H3 + HOUR + 6 * MIN,
        value: { ...summaryInput(H3 + HOUR + 6 * MIN), message: '' },
      },
      { partition: 0, timestamp: late.event_time, value: late },
    ])
    await runner.drain()
    expect((await runner.outputs('late')).map((r) => r.value)).toEqual([late])
  })

  it('sends an event after its hour closed to late, once, and counts it', async () => {
    const runner = inMemoryRunner(summaryPipeline('5m'))
    const late = summaryInput(H3 + 20 * MIN, { service: 'cdn' })
    await runner.feed('enriched', [
      record(summaryInput(H3 + MIN)),
      record(summaryInput(H3 + HOUR + 6 * MIN)),
      record(late),
    ])
    await runner.drain()
    expect((await runner.outputs('late')).map((r) => r.value)).toEqual([late])
    const metrics = await runner.metrics()
    expect(metrics.find((m) => m.step === 'hourly-summary')?.late).toBe(2)
    expect(metrics.find((m) => m.step === 'output:late')?.in).toBe(1)
    expect(brief(await rowsOf(runner)).filter(([hour]) => hour === 0)).toEqual([
      [0, 'category', null, 1, false],
      [0, 'service_level', 'web-server', 1, false],
    ])
  })

  it('sets saw_late_input on an hour that a partition sent late input to while another held it open', async () => {
    const runner = inMemoryRunner(summaryPipeline('5m'), { partitions: { enriched: 2 } })
    await runner.feed('enriched', [
      record(summaryInput(H3 + MIN), 0),
      record(summaryInput(H3 + 2 * MIN, { service: 'cdn' }), 1),
      record(summaryInput(H3 + HOUR + 10 * MIN), 0),
      record(summaryInput(H3 + 30 * MIN), 0),
    ])
    expect((await runner.outputs('late')).length).toBe(1)
    await runner.feed('enriched', [
      record(summaryInput(H3 + HOUR + 6 * MIN, { service: 'cdn' }), 1),
    ])
    expect(brief(await rowsOf(runner))).toEqual([
      [0, 'category', null, 2, true],
      [0, 'service_level', 'cdn', 1, false],
      [0, 'service_level', 'web-server', 1, true],
    ])
  })

  it('closes an hour held by an idle partition once the idle timeout passes', async () => {
    const runner = inMemoryRunner(summaryPipeline('5m'), {
      partitions: { enriched: 2 },
      idleTimeout: '30s',
    })
    await runner.feed('enriched', [
      record(summaryInput(H3 + MIN), 0),
      record(summaryInput(H3 + HOUR + 6 * MIN), 0),
    ])
    expect(await rowsOf(runner)).toEqual([])
    await runner.advanceWallClock(20_000)
    await runner.feed('enriched', [record(summaryInput(H3 + HOUR + 7 * MIN), 0)])
    await runner.advanceWallClock(10_000)
    expect(brief(await rowsOf(runner))).toEqual([
      [0, 'category', null, 1, false],
      [0, 'service_level', 'web-server', 1, false],
    ])
  })

  it('survives a restart in the middle of an hour with the same result', async () => {
    const events = [10, 20, 30, 40, 50].map((m) =>
      summaryInput(H3 + m * MIN, { incident_id: `INC-0000000${m / 10}`, duration_minutes: m }),
    )
    const straight = inMemoryRunner(summaryPipeline())
    await straight.feed(
      'enriched',
      events.map((e) => record(e)),
    )
    await straight.drain()
    const restarted = inMemoryRunner(summaryPipeline())
    await restarted.feed(
      'enriched',
      events.slice(0, 3).map((e) => record(e)),
    )
    const state = await restarted.state()
    expect(state.records.filter((r) => r.kind === 'window')).toHaveLength(2)
    await restarted.restart()
    await restarted.feed(
      'enriched',
      events.slice(3).map((e) => record(e)),
    )
    await restarted.drain()
    expect(await rowsOf(restarted)).toEqual(await rowsOf(straight))
    expect((await rowsOf(straight))[0]).toMatchObject({
      event_count: 5,
      distinct_incidents: 5,
      duration_p50: 30,
    })
  })

  it('equals a batch recomputation for any arrival order within grace', async () => {
    const GRACE = 5 * MIN
    const event = fc.record({
      offset: fc.integer({ min: 0, max: 3 * HOUR - 1 }),
      delay: fc.integer({ min: 0, max: GRACE - 1 }),
      partition: fc.integer({ min: 0, max: 2 }),
      fields: fc.record({
        incident_id: fc.option(fc.constantFrom('INC-00000001', 'INC-00000002', 'INC-00000003')),
        affected_users: fc.option(fc.integer({ min: 1, max: 5000 })),
        severity_normalized: fc.constantFrom('critical', 'medium', 'info'),
        action: fc.constantFrom(
          'incident_resolved',
          'system_recovered',
          'security_breach',
          'data_corruption',
        ),
        lifecycle_stage: fc.constantFrom('resolved', 'recovered', 'escalated'),
        duration_minutes: fc.option(fc.integer({ min: 5, max: 480 })),
        service: fc.option(fc.constantFrom('cdn', 'database')),
        level: fc.constantFrom('INFO', 'ERROR'),
        category: fc.option(fc.constantFrom('Network Issue', 'Software Bug')),
      }),
    })
    await fc.assert(
      fc.asyncProperty(
        fc.array(event, { minLength: 1, maxLength: 80 }),
        fc.array(fc.nat(2)),
        async (drawn, picks) => {
          const events = drawn.map((d) => ({
            ...d,
            value: summaryInput(H3 + d.offset, d.fields as Partial<SummaryInput>),
          }))
          // Each partition in order of event time + delay (< grace), partitions interleaved at random.
          const queues = [0, 1, 2].map((p) =>
            events
              .filter((e) => e.partition === p)
              .sort((a, b) => a.offset + a.delay - (b.offset + b.delay)),
          )
          const arrival: FeedRecord<SummaryInput>[] = []
          for (let i = 0; queues.some((q) => q.length > 0); i++) {
            const queue = queues.filter((q) => q.length > 0)[
              (picks[i] ?? 0) % queues.filter((q) => q.length > 0).length
            ]
            const next = queue?.shift()
            if (next !== undefined) arrival.push(record(next.value, next.partition))
          }
          const runner = inMemoryRunner(summaryPipeline('5m'), { partitions: { enriched: 3 } })
          await runner.feed('enriched', arrival)
          await runner.drain()
          const rows = await rowsOf(runner)
          expect(await runner.outputs('late')).toEqual([])
          const byKey = (r: {
            window_start: number
            dimension: string
            service: string | null
            level: string | null
            category: string | null
          }) => JSON.stringify([r.window_start, r.dimension, r.service, r.level, r.category])
          const sorted = <T extends Parameters<typeof byKey>[0]>(list: T[]) =>
            [...list].sort((a, b) => byKey(a).localeCompare(byKey(b)))
          expect(sorted(rows.map(({ saw_late_input: _, ...row }) => row))).toEqual(
            sorted(batchSummary(events.map((e) => e.value))),
          )
          const ends = rows.map((r) => r.window_end)
          expect(ends).toEqual([...ends].sort((a, b) => a - b))
        },
      ),
      { numRuns: 150 },
    )
  })
})
