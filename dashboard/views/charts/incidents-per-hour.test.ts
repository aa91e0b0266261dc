import { describe, expect, it } from 'vitest'
import { normaliseSvg, testDocument, textsOf } from './chart-test-support.ts'
import { incidentsPerHour, levelColors, type IncidentsPerHourRow } from './incidents-per-hour.ts'

const HOUR = 3_600_000
const T0 = Date.UTC(2026, 0, 1, 21)

// Five hours across midnight, mixing epoch ms, ISO strings and DuckDB's zone-less text; 23:00 is
// missing on purpose and must stay as an empty slot on the axis.
const rows: IncidentsPerHourRow[] = [
  { hour: T0, level: 'INFO', count: 4 },
  { hour: T0, level: 'WARNING', count: 7 },
  { hour: T0, level: 'ERROR', count: 5 },
  { hour: '2026-01-01T22:00:00.000Z', level: 'INFO', count: 2 },
  { hour: '2026-01-01T22:00:00.000Z', level: 'WARNING', count: '5' },
  { hour: '2026-01-02 00:00:00', level: 'ERROR', count: 8 },
  { hour: '2026-01-02 00:00:00', level: 'INFO', count: 7 },
  { hour: T0 + 4 * HOUR, level: 'error', count: 3 },
]

describe('incidentsPerHour', () => {
  it('matches the SVG snapshot', async () => {
    const svg = incidentsPerHour(rows, { document: testDocument() }).outerHTML
    await expect(normaliseSvg(svg)).toMatchFileSnapshot('./__snapshots__/incidents-per-hour.svg')
  })

  it('stacks ERROR at the base in its fixed colour and keeps the empty hour', () => {
    const svg = incidentsPerHour(rows, { document: testDocument() }).outerHTML
    expect(textsOf(svg, '[aria-label="x-axis tick label"] text')).toEqual([
      '21:00Jan 1',
      '22:00',
      '23:00',
      '00:00Jan 2',
      '01:00',
    ])
    const errors = textsOf(svg, `g[aria-label="bar"] rect[fill="${levelColors.ERROR}"] title`)
    expect(errors).toEqual([
      '2026-01-01 21:00 UTC\nERROR: 5',
      '2026-01-02 00:00 UTC\nERROR: 8',
      '2026-01-02 01:00 UTC\nERROR: 3',
    ])
  })

  it('sums duplicate rows and skips unknown levels and bad values', () => {
    const svg = incidentsPerHour(
      [
        { hour: T0, level: 'ERROR', count: 2 },
        { hour: T0 + 60_000, level: 'ERROR', count: 3 },
        { hour: T0, level: 'DEBUG', count: 100 },
        { hour: 'not a time', level: 'ERROR', count: 100 },
        { hour: T0, level: 'ERROR', count: null },
      ],
      { document: testDocument() },
    ).outerHTML
    expect(svg).toContain('<desc>5 incidents over 1 hour; peak 5 at 2026-01-01 21:00 UTC.</desc>')
    expect(svg).toContain('ERROR: 5</title>')
  })

  it('names the chart and labels the axis with the time zone', () => {
    const svg = incidentsPerHour(rows, {
      document: testDocument(),
      title: 'Last 24 hours',
      timeZoneLabel: 'Z',
    }).outerHTML
    expect(svg).toMatch(/^<svg [^>]*aria-label="Last 24 hours"[^>]*role="img"/)
    expect(svg).toContain('<title>Last 24 hours</title>')
    expect(svg).toContain('Hour (Z)')
  })

  it('renders an empty-state message for no rows', async () => {
    const svg = incidentsPerHour([], { document: testDocument() }).outerHTML
    expect(svg).toContain('No incidents in this time range</text>')
    expect(svg).not.toContain('aria-label="bar"')
    await expect(normaliseSvg(svg)).toMatchFileSnapshot(
      './__snapshots__/incidents-per-hour.empty.svg',
    )
  })
})
