import { describe, expect, it } from 'vitest'
import { normalizeBundle } from './incident-row.ts'
import { primaryRow, sampleBundle } from './test-fixtures.ts'

describe('normalizeBundle', () => {
  it('normalises event_time from ISO text, epoch ms, digit strings and bigint to epoch ms', () => {
    const bundle = normalizeBundle(sampleBundle)
    const times = Object.fromEntries(bundle.events.map((e) => [e.event_id, e.event_time]))
    const base = Date.parse('2026-11-28T03:00:00Z')
    expect(times).toEqual({
      'evt-0001': base,
      'evt-0002': base + 2 * 60_000,
      'evt-0003': base + 5 * 60_000,
      'evt-0004': base + 7 * 60_000,
      'evt-0006': base + 20 * 60_000,
    })
  })

  it('orders events by time, drops duplicates and the primary from the correlated rows', () => {
    const bundle = normalizeBundle({
      primary: primaryRow,
      correlated: [...sampleBundle.correlated, primaryRow, ...sampleBundle.correlated],
    })
    expect(bundle.events.map((e) => e.event_id)).toEqual([
      'evt-0001',
      'evt-0002',
      'evt-0003',
      'evt-0004',
      'evt-0006',
    ])
    expect(bundle.correlated.map((e) => e.event_id)).not.toContain('evt-0003')
  })

  it("accepts the store's generic rows: extra columns dropped, correlation reasons kept", () => {
    const storeRow: Record<string, unknown> = {
      ...primaryRow,
      date: '2026-11-28',
      hour: 3,
      source_offset: 17,
      reasons: ['same_service'],
    }
    const bundle = normalizeBundle({ primary: storeRow, correlated: [] })
    expect(bundle.primary.reasons).toEqual(['same_service'])
    expect(bundle.primary).not.toHaveProperty('date')
    expect(bundle.primary).not.toHaveProperty('source_offset')
  })

  it('fills missing optional columns with null and rejects an unusable time', () => {
    const bundle = normalizeBundle({
      primary: { event_id: 'e', event_time: 0, level: 'INFO' },
      correlated: [],
    })
    expect(bundle.primary).toMatchObject({ service: null, affected_users: null, is_outage: false })
    expect(() =>
      normalizeBundle({
        primary: { event_id: 'e', event_time: 'yesterday', level: 'INFO' },
        correlated: [],
      }),
    ).toThrow('invalid event_time: yesterday')
  })
})
