import { distinctCountOf } from '@incident-pipeline/dataflow'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  hourlySummaryFn as fn,
  type HourlySummaryAccumulator,
  type SummaryInput,
} from './hourly-summary-fn.ts'
import { H3, summaryInput } from './summary-fixtures.ts'

const accumulate = (inputs: readonly SummaryInput[]): HourlySummaryAccumulator =>
  inputs.reduce((acc, input) => fn.addInput(acc, input), fn.createAccumulator())

const arbitraryInput = fc.record({
  event_time: fc.integer({ min: H3, max: H3 + 3_599_999 }),
  incident_id: fc.option(
    fc.constantFrom('INC-00000001', 'INC-00000002', 'INC-0000000A', 'constructor', '__proto__'),
  ),
  affected_users: fc.option(fc.integer({ min: 1, max: 5000 })),
  severity_normalized: fc.constantFrom('critical', 'high', 'info'),
  action: fc.constantFrom(
    'incident_resolved',
    'system_recovered',
    'security_breach',
    'data_corruption',
    'unknown',
  ),
  lifecycle_stage: fc.constantFrom('resolved', 'recovered', 'maintenance', 'escalated'),
  duration_minutes: fc.option(fc.integer({ min: 5, max: 480 })),
  service: fc.constant('web-server'),
  level: fc.constant('INFO'),
  category: fc.constant(null),
}) as fc.Arbitrary<SummaryInput>

describe('hourlySummaryFn', () => {
  it('computes exact duration statistics from resolved and recovered events only', () => {
    const inputs = [10, 40, 20, 30].map((duration_minutes, i) =>
      summaryInput(H3 + i, {
        duration_minutes,
        lifecycle_stage: i === 3 ? 'recovered' : 'resolved',
      }),
    )
    inputs.push(summaryInput(H3 + 9, { duration_minutes: 999, lifecycle_stage: 'maintenance' }))
    expect(fn.extractOutput(accumulate(inputs))).toMatchObject({
      event_count: 5,
      duration_count: 4,
      duration_mean: 25,
      duration_p50: 20,
      duration_p95: 40,
      duration_max: 40,
      first_event_time: H3,
      last_event_time: H3 + 9,
    })
  })

  it('counts distinct incidents, affected users, critical and risk events', () => {
    const inputs = [
      summaryInput(H3, {
        incident_id: 'INC-00000001',
        affected_users: 10,
        severity_normalized: 'critical',
      }),
      summaryInput(H3, {
        incident_id: 'INC-00000001',
        affected_users: 30,
        action: 'security_breach',
      }),
      summaryInput(H3, {
        incident_id: 'INC-00000002',
        action: 'data_corruption',
        severity_normalized: 'critical',
      }),
    ]
    expect(fn.extractOutput(accumulate(inputs))).toMatchObject({
      distinct_incidents: 2,
      affected_users_sum: 40,
      affected_users_max: 30,
      critical_count: 2,
      security_breach_count: 1,
      data_corruption_count: 1,
      duration_count: 0,
      duration_mean: null,
      duration_p50: null,
    })
  })

  it('gives the same result for any split into merged accumulators, through JSON', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryInput, { minLength: 1, maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        (inputs, cuts) => {
          const bounds = [
            0,
            ...cuts.map((c) => c % (inputs.length + 1)).sort((a, b) => a - b),
            inputs.length,
          ]
          const parts = bounds.slice(1).map((end, i) => accumulate(inputs.slice(bounds[i], end)))
          const viaJson = parts.map(
            (acc) => JSON.parse(JSON.stringify(acc)) as HourlySummaryAccumulator,
          )
          expect(fn.extractOutput(fn.mergeAccumulators(viaJson))).toEqual(
            fn.extractOutput(accumulate(inputs)),
          )
        },
      ),
    )
  })

  it('keeps a busy hour in bounded state: 100,000 incidents in under 16 KB of JSON', () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => `INC-${i.toString(16).padStart(8, '0')}`)
    const halves = [ids.slice(0, 60_000), ids.slice(40_000)].map((part) =>
      accumulate(part.map((incident_id, i) => summaryInput(H3 + i, { incident_id }))),
    )
    const merged = fn.mergeAccumulators(halves.map((acc) => JSON.parse(JSON.stringify(acc))))
    expect(JSON.stringify(merged).length).toBeLessThan(16_000)
    expect(fn.extractOutput(merged)).toMatchObject({
      event_count: 120_000,
      distinct_incidents: distinctCountOf(ids),
    })
    expect(Math.abs(distinctCountOf(ids) / 100_000 - 1)).toBeLessThan(0.05)
  })
})
