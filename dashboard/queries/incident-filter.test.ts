import { describe, expect, it } from 'vitest'
import { incidentWhere, likeLiteral } from './incident-filter.ts'
import { decodeCursor, encodeCursor, listIncidentsSql } from './list-incidents.ts'
import { beyondOffsets, decodeLiveCursor, encodeLiveCursor } from './live-cursor.ts'

describe('incidentWhere', () => {
  it('is empty without filters', () => {
    expect(incidentWhere({})).toEqual({ sql: '', params: [] })
  })

  it('binds every value and prunes partitions by date', () => {
    const from = Date.UTC(2026, 10, 27, 23)
    const to = Date.UTC(2026, 10, 28, 1)
    const w = incidentWhere({
      from,
      to,
      levels: ['ERROR', 'WARNING'],
      service: "x' OR 1=1 --",
      text: 'a',
    })
    expect(w.sql).not.toContain("x'")
    expect(w.params).toEqual([
      from,
      to,
      '2026-11-27',
      '2026-11-28',
      'ERROR',
      'WARNING',
      "x' OR 1=1 --",
      '%a%',
    ])
    expect(w.sql.match(/\?/g)).toHaveLength(w.params.length)
  })

  it('makes user text match literally', () => {
    expect(likeLiteral('50%_off\\')).toBe('%50\\%\\_off\\\\%')
  })
})

describe('list cursor', () => {
  it('round-trips and rejects garbage', () => {
    const c = { t: 1_764_302_400_000, id: 'evt-1' }
    expect(decodeCursor(encodeCursor(c))).toEqual(c)
    expect(() => decodeCursor('garbage')).toThrow(/invalid cursor/)
    expect(() => decodeCursor(Buffer.from('[1]').toString('base64url'))).toThrow(/invalid cursor/)
  })

  it('asks for one row more than the page, after the cursor', () => {
    const q = listIncidentsSql({}, { limit: 10, cursor: encodeCursor({ t: 5, id: 'e' }) })
    expect(q.params).toEqual([5, 5, 'e', 11])
    expect(q.sql).toMatch(/ORDER BY event_time DESC, event_id DESC LIMIT \?$/)
  })
})

describe('live cursor', () => {
  it('round-trips and rejects malformed cursors', () => {
    const c = {
      offsets: [
        [0, 41],
        [2, 7],
      ] as [number, number][],
      alert: [1000, 'a'] as [number, string],
    }
    expect(decodeLiveCursor(encodeLiveCursor(c))).toEqual(c)
    expect(() =>
      decodeLiveCursor(Buffer.from('{"offsets":[["x",1]],"alert":null}').toString('base64url')),
    ).toThrow(/invalid live cursor/)
  })

  it('selects offsets above each partition mark and unseen partitions', () => {
    expect(beyondOffsets([])).toEqual({ sql: 'true', params: [] })
    const f = beyondOffsets([
      [0, 41],
      [2, 7],
    ])
    expect(f.sql).toBe(
      '(source_partition = ? AND source_offset > ?) OR (source_partition = ? AND source_offset > ?) OR source_partition NOT IN (?, ?)',
    )
    expect(f.params).toEqual([0, 41, 2, 7, 0, 2])
  })
})
