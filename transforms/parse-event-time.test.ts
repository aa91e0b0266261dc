import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseEventTime } from './parse-event-time.ts'

describe('parseEventTime', () => {
  it.each([
    ['2026-11-28T03:00:00.000Z', Date.UTC(2026, 10, 28, 3)],
    ['2026-11-28T03:00:00Z', Date.UTC(2026, 10, 28, 3)],
    ['2026-11-28t03:00:00z', Date.UTC(2026, 10, 28, 3)],
    ['2026-11-28T03:00:00.5Z', Date.UTC(2026, 10, 28, 3, 0, 0, 500)],
    ['2026-11-28T03:00:00.05Z', Date.UTC(2026, 10, 28, 3, 0, 0, 50)],
    ['2026-11-28T03:00:00.123456789Z', Date.UTC(2026, 10, 28, 3, 0, 0, 123)],
    ['2026-11-28T04:30:00+01:30', Date.UTC(2026, 10, 28, 3)],
    ['2026-11-27T22:00:00-05:00', Date.UTC(2026, 10, 28, 3)],
    ['2026-11-28T03:00:00-00:00', Date.UTC(2026, 10, 28, 3)],
    ['2024-02-29T23:59:59.999Z', Date.UTC(2024, 1, 29, 23, 59, 59, 999)],
    ['2000-02-29T00:00:00Z', Date.UTC(2000, 1, 29)],
    ['1970-01-01T00:00:00Z', 0],
    ['1969-12-31T23:59:59.999Z', -1],
    ['0000-01-01T00:00:00Z', Date.parse('0000-01-01T00:00:00Z')],
    ['9999-12-31T23:59:59.999Z', Date.parse('9999-12-31T23:59:59.999Z')],
    ['2026-01-01T00:30:00+01:00', Date.UTC(2025, 11, 31, 23, 30)],
  ])('parses %s', (text, expected) => {
    expect(parseEventTime(text)).toBe(expected)
  })

  it.each([
    '',
    'not-a-timestamp',
    '2026-11-28',
    '2026-11-28T03:00Z',
    '2026-11-28T03:00:00',
    '2026-11-28T03:00:00.000',
    '2026-11-28 03:00:00Z',
    '2026-11-28T03:00:00.Z',
    '2026-11-28T03:00:00.1234567890Z',
    '2026-11-28T03:00:00ZZ',
    '2026-11-28T03:00:00Z ',
    ' 2026-11-28T03:00:00Z',
    '2026-11-28T03:00:00+0100',
    '2026-11-28T03:00:00+01',
    '2026-11-28T03:00:00+24:00',
    '2026-11-28T03:00:00+01:60',
    '2026-13-01T00:00:00Z',
    '2026-00-01T00:00:00Z',
    '2026-11-00T00:00:00Z',
    '2026-11-31T00:00:00Z',
    '2026-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2026-11-28T24:00:00Z',
    '2026-11-28T03:60:00Z',
    '2026-12-31T23:59:60Z',
    '+02026-11-28T03:00:00Z',
    '26-11-28T03:00:00Z',
    '2026/11/28T03:00:00Z',
    '2026-1a-28T03:00:00Z',
    '２０２６-11-28T03:00:00Z',
    '28/11/2026 03:00:00',
    'Sat, 28 Nov 2026 03:00:00 GMT',
    '1795834800000',
    '2026-W48-6T03:00:00Z',
  ])('rejects %j', (text) => {
    expect(parseEventTime(text)).toBeUndefined()
  })

  it('agrees with Date on every valid UTC instant', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0000-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59.999Z'),
          noInvalidDate: true,
        }),
        (date) => {
          const iso = date.toISOString()
          expect(parseEventTime(iso)).toBe(date.getTime())
          expect(parseEventTime(iso.replace('.', ','))).toBeUndefined()
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('agrees with Date on offsets', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('2200-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
        (date, offset) => {
          const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, -1)
          const sign = offset < 0 ? '-' : '+'
          const abs = Math.abs(offset)
          const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
          expect(parseEventTime(local + zone)).toBe(date.getTime())
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('never throws, and accepts only what Date.parse reads as the same instant', () => {
    const nearlyValid = fc
      .tuple(
        fc.date({
          min: new Date('1000-01-01T00:00:00Z'),
          max: new Date('3000-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.nat({ max: 23 }),
        fc.constantFrom(...'0123456789-:T.+Z x'),
      )
      .map(([date, at, char]) => {
        const iso = date.toISOString()
        return iso.slice(0, at) + char + iso.slice(at + 1)
      })
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), nearlyValid), (text) => {
        const parsed = parseEventTime(text)
        if (parsed !== undefined) expect(parsed).toBe(Date.parse(text))
      }),
      { numRuns: 10_000 },
    )
  })
})
