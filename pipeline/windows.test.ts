import { describe, expect, it } from 'vitest'
import { formatDuration, toMillis } from './duration.ts'
import { hopping, tumbling } from './windows.ts'

const h3 = Date.UTC(2026, 10, 28, 3)
const minute = 60_000

describe('tumbling', () => {
  it('puts an event at exactly hh:00:00.000 into the window that starts then', () => {
    const hourly = tumbling('1h')
    expect(hourly.assignWindows(h3)).toEqual([{ start: h3, end: h3 + 60 * minute }])
    expect(hourly.assignWindows(h3 - 1)).toEqual([{ start: h3 - 60 * minute, end: h3 }])
    expect(hourly.assignWindows(h3 + 60 * minute - 1)).toEqual([
      { start: h3, end: h3 + 60 * minute },
    ])
  })

  it('aligns windows to the epoch, before it too', () => {
    expect(tumbling('5m').assignWindows(7 * minute)).toEqual([
      { start: 5 * minute, end: 10 * minute },
    ])
    expect(tumbling('5m').assignWindows(-1)).toEqual([{ start: -5 * minute, end: 0 }])
  })

  it('rejects a size that is not a positive whole number of ms', () => {
    expect(() => tumbling(0)).toThrow('invalid tumbling window size: 0ms')
    expect(() => tumbling('-5m')).toThrow('invalid tumbling window size: -5m')
    expect(() => tumbling('soon')).toThrow('invalid tumbling window size: "soon"')
  })
})

describe('hopping', () => {
  it('puts an event into size / advance overlapping windows, by ascending start', () => {
    expect(hopping('15m', '5m').assignWindows(h3 + 7 * minute)).toEqual([
      { start: h3 - 5 * minute, end: h3 + 10 * minute },
      { start: h3, end: h3 + 15 * minute },
      { start: h3 + 5 * minute, end: h3 + 20 * minute },
    ])
  })

  it('treats window starts like tumbling ones at the boundary', () => {
    expect(
      hopping('10m', '5m')
        .assignWindows(h3)
        .map((w) => w.start),
    ).toEqual([h3 - 5 * minute, h3])
  })

  it('handles a size that is not a multiple of the advance', () => {
    expect(hopping('7m', '5m').assignWindows(6 * minute)).toEqual([
      { start: 0, end: 7 * minute },
      { start: 5 * minute, end: 12 * minute },
    ])
  })

  it('rejects an advance longer than the size', () => {
    expect(() => hopping('5m', '10m')).toThrow(
      'invalid hopping window advance: 10m (longer than the size 5m)',
    )
  })
})

describe('durations', () => {
  it('reads numbers as ms and text with units', () => {
    expect([
      toMillis(1500, 'x'),
      toMillis('30s', 'x'),
      toMillis('5m', 'x'),
      toMillis('1h', 'x'),
    ]).toEqual([1500, 30_000, 300_000, 3_600_000])
  })

  it('names the option and the value when invalid', () => {
    expect(() => toMillis(-300_000, 'grace')).toThrow('invalid grace: -5m')
    expect(() => toMillis(0.5, 'grace')).toThrow('invalid grace: 0.5ms')
  })

  it('formats in the largest unit that divides', () => {
    expect([formatDuration(3_600_000), formatDuration(90_000), formatDuration(1500)]).toEqual([
      '1h',
      '90s',
      '1500ms',
    ])
  })
})
