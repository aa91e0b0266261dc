import { describe, expect, it } from 'vitest'
import { inMemoryRunner, type FeedRecord } from '@incident-pipeline/dataflow'
import {
  incidentTemplates,
  type Alert,
  type DeadLetterElement,
  type EnrichedIncident,
  type HourlySummaryRow,
  type RawIncidentEvent,
} from '../transforms/index.ts'
import { sampleEvent, unknownEvent } from '../transforms/sample-events.ts'
import { incidentSinks, incidentTopology } from './incident-topology.ts'

const H3 = Date.UTC(2026, 10, 28, 3)
const MIN = 60_000
const feedRecords = (events: RawIncidentEvent[], partition = 0): FeedRecord<RawIncidentEvent>[] =>
  events.map((value, i) => ({ partition, timestamp: H3 + 2 * 60 * MIN + i, value }))

async function run(events: RawIncidentEvent[]) {
  const runner = inMemoryRunner(incidentTopology())
  await runner.feed('raw', feedRecords(events))
  await runner.drain()
  const values = async <T>(sink: string) => (await runner.outputs<T>(sink)).map((r) => r.value)
  return {
    runner,
    enriched: await values<EnrichedIncident>('enriched'),
    deadLetters: await values<DeadLetterElement<RawIncidentEvent>>('dead_letter'),
    late: await values<EnrichedIncident>('late'),
    summaries: await values<HourlySummaryRow>('hourly_summary'),
    alerts: await values<Alert>('alerts'),
  }
}

describe('incident topology', () => {
  it('declares its sinks', () => {
    expect([...incidentTopology().sinks].sort()).toEqual([...incidentSinks].sort())
  })

  it('parses and enriches every template, and lets unknown shapes through', async () => {
    const events = incidentTemplates.map((t, i) => sampleEvent(t.action, H3 + i * MIN))
    const odd = unknownEvent(H3 + 30 * MIN, 'Disk on SYS-0042 is on fire', 'ERROR')
    const { enriched, summaries } = await run([...events, odd])
    expect(enriched.map((e) => [e.action, e.parse_status])).toEqual([
      ...incidentTemplates.map((t) => [t.action, 'parsed']),
      ['unknown', 'partial'],
    ])
    expect(enriched.map((e) => e.source_offset)).toEqual(events.concat(odd).map((_, i) => i))
    expect(
      enriched.every((e, i) => e.event_time === Date.parse(events.concat(odd)[i]?.timestamp ?? '')),
    ).toBe(true)
    const serviceLevel = summaries.filter((r) => r.dimension === 'service_level')
    expect(serviceLevel.reduce((n, r) => n + r.event_count, 0)).toBe(10)
    expect(
      summaries.filter((r) => r.dimension === 'category').reduce((n, r) => n + r.event_count, 0),
    ).toBe(10)
    expect(serviceLevel.find((r) => r.service === null && r.level === 'ERROR')).toMatchObject({
      event_count: 3,
      security_breach_count: 1,
      data_corruption_count: 1,
      critical_count: 2,
    })
    expect(
      serviceLevel.find((r) => r.service === 'web-server' && r.level === 'INFO'),
    ).toMatchObject({
      event_count: 3,
      duration_count: 2,
      duration_p50: 45,
    })
  })

  it('dead-letters bad timestamps with the reason, step and origin', async () => {
    const bad = { ...sampleEvent('incident_resolved', H3), timestamp: '2026-02-30T00:00:00Z' }
    const { enriched, deadLetters } = await run([sampleEvent('incident_resolved', H3), bad])
    expect(enriched).toHaveLength(1)
    expect(deadLetters).toEqual([
      {
        reason: 'bad_timestamp',
        detail: 'unparseable timestamp: "2026-02-30T00:00:00Z"',
        step: 'validate',
        source_partition: 0,
        source_offset: 1,
        failed_at: H3 + 2 * 60 * MIN + 1,
        event: bad,
      },
    ])
  })

  it('raises the default burst alert on 3 ERROR events for one service in 5 minutes', async () => {
    const critical = [1, 2, 3].map((m) =>
      sampleEvent('critical_incident', H3 + m * MIN, { service: 'database' }),
    )
    const { alerts } = await run(critical)
    const ids = critical.map((e) => e.event_id)
    // Fired early at the third, the final count at close, resolved by the next quiet window.
    expect(alerts.map((a) => [a.rule, a.state, a.key, a.count, a.sample_event_ids])).toEqual([
      ['error-burst', 'fired', 'database', 3, ids],
      ['error-burst', 'updated', 'database', 3, ids],
      ['error-burst', 'resolved', 'database', 0, []],
    ])
  })

  it('sends events for an hour that has closed to late, and still to enriched', async () => {
    const lateEvent = sampleEvent('incident_detected', H3 + 10 * MIN)
    const { enriched, late, summaries } = await run([
      sampleEvent('incident_detected', H3 + MIN),
      sampleEvent('incident_detected', H3 + 70 * MIN),
      lateEvent,
    ])
    expect(enriched).toHaveLength(3)
    expect(late.map((e) => e.event_id)).toEqual([lateEvent.event_id])
    expect(summaries.filter((r) => r.window_start === H3).map((r) => r.event_count)).toEqual([1, 1])
  })
})
