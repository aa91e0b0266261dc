import { describe, expect, it } from 'vitest'
import { normaliseSvg, testDocument, textsOf } from './chart-test-support.ts'
import { serviceHourHeatmap, type ServiceHourHeatmapRow } from './service-hour-heatmap.ts'

const HOUR = 3_600_000
const T0 = Date.UTC(2026, 0, 1, 22)

// Four hours across midnight; 00:00 has no rows at all and must stay as an empty column.
const rows: ServiceHourHeatmapRow[] = [
  { hour: T0, service: 'web-server', count: 6 },
  { hour: T0, service: 'database', count: 2 },
  { hour: '2026-01-01T23:00:00Z', service: 'web-server', count: 3 },
  { hour: '2026-01-01T23:00:00Z', service: null, count: 1 },
  { hour: T0 + 3 * HOUR, service: 'database', count: 9 },
  { hour: T0 + 3 * HOUR, service: 'payment-gateway-with-a-very-long-name', count: 1 },
]

describe('serviceHourHeatmap', () => {
  it('matches the SVG snapshot', async () => {
    const svg = serviceHourHeatmap(rows, { document: testDocument() }).outerHTML
    await expect(normaliseSvg(svg)).toMatchFileSnapshot('./__snapshots__/service-hour-heatmap.svg')
  })

  it('orders services busiest first and keeps hours without rows', () => {
    const svg = serviceHourHeatmap(rows, { document: testDocument() }).outerHTML
    expect(textsOf(svg, '[aria-label="cell"] rect').length).toBe(6)
    expect(textsOf(svg, '[aria-label="y-axis tick label"] text')).toEqual([
      'database',
      'web-server',
      '(no service)',
      'payment-gateway-with-a-…',
    ])
    expect(textsOf(svg, '[aria-label="x-axis tick label"] text')).toEqual([
      '22:00Jan 1',
      '23:00',
      '00:00Jan 2',
      '01:00',
    ])
  })

  it('keeps the full service name in the cell tooltip', () => {
    const svg = serviceHourHeatmap(rows, { document: testDocument() }).outerHTML
    expect(svg).toContain(
      '<title>payment-gateway-with-a-very-long-name\n2026-01-02 01:00 UTC: 1</title>',
    )
  })

  it('sums duplicate (hour, service) rows and summarises the busiest cell', () => {
    const svg = serviceHourHeatmap(
      [
        { hour: T0, service: 'api', count: 2 },
        { hour: T0 + 59 * 60_000, service: 'api', count: '3' },
      ],
      { document: testDocument() },
    ).outerHTML
    expect(svg).toContain(
      '<desc>5 incidents across 1 service; busiest cell 5 for api at 2026-01-01 22:00 UTC.</desc>',
    )
  })

  it('grows with the number of services unless a height is given', () => {
    const auto = serviceHourHeatmap(rows, { document: testDocument() }).outerHTML
    expect(auto).toMatch(/^<svg [^>]*height="188"/)
    const fixed = serviceHourHeatmap(rows, { document: testDocument(), height: 300 }).outerHTML
    expect(fixed).toMatch(/^<svg [^>]*height="300"/)
  })
})
