import { describe, expect, it } from 'vitest'
import { normaliseSvg, testDocument, textsOf } from './chart-test-support.ts'
import { mttrByService, type MttrByServiceRow } from './mttr-by-service.ts'

const rows: MttrByServiceRow[] = [
  { service: 'web-server', mttr_mean: 42.456, mttr_p50: 30, mttr_p95: 121.7, samples: 14 },
  { service: 'database', mttr_mean: 65.25, mttr_p50: 55, mttr_p95: 98, samples: 9 },
  { service: 'auth', mttr_mean: 12, mttr_p50: 10, mttr_p95: 25, samples: 1 },
  { service: null, mttr_mean: null, mttr_p50: 15, mttr_p95: 15, samples: '2' },
  { service: 'queue', mttr_mean: null, mttr_p50: null, mttr_p95: null, samples: 0 },
]

describe('mttrByService', () => {
  it('matches the SVG snapshot', async () => {
    const svg = mttrByService(rows, { document: testDocument() }).outerHTML
    await expect(normaliseSvg(svg)).toMatchFileSnapshot('./__snapshots__/mttr-by-service.svg')
  })

  it('orders services by mean, slowest first, and skips rows without statistics', () => {
    const svg = mttrByService(rows, { document: testDocument() }).outerHTML
    const labels = textsOf(svg, '[aria-label="y-axis tick label"] text')
    expect(labels).toEqual(['database', 'web-server', '(no service)', 'auth'])
    expect(svg).not.toContain('queue')
  })

  it('draws the mean as a bar and p50 to p95 as a rule with two dots', () => {
    const svg = mttrByService(rows, { document: testDocument() }).outerHTML
    expect(textsOf(svg, 'g[aria-label="bar"][fill="#b4c3d6"] rect').length).toBe(3)
    expect(textsOf(svg, 'g[aria-label="rule"][stroke="#1f3b5b"] line').length).toBe(4)
    const dots = 'g[aria-label="dot"]:not([aria-hidden])'
    expect(textsOf(svg, `${dots}[fill="#1f3b5b"] circle`).length).toBe(4)
    expect(textsOf(svg, `${dots}[fill="white"] circle`).length).toBe(4)
    expect(svg).toContain('>n=14</text>')
  })

  it('describes each service in its tooltip, with samples', () => {
    const svg = mttrByService(rows, { document: testDocument() }).outerHTML
    expect(svg).toContain(
      '<title>web-server\nmean 42.5 min, p50 30 min, p95 121.7 min\n14 resolutions</title>',
    )
    expect(svg).toContain(
      '<title>(no service)\nmean n/a, p50 15 min, p95 15 min\n2 resolutions</title>',
    )
    expect(svg).toContain(
      '<desc>MTTR for 4 services; slowest database, mean 65.3 min, p50 55 min, p95 98 min, 9 resolutions.</desc>',
    )
  })

  it('keeps the first row of a repeated service', () => {
    const svg = mttrByService(
      [
        { service: 'api', mttr_mean: 5, mttr_p50: 4, mttr_p95: 9, samples: 3 },
        { service: 'api', mttr_mean: 50, mttr_p50: 40, mttr_p95: 90, samples: 30 },
      ],
      { document: testDocument() },
    ).outerHTML
    expect(svg).toContain('>n=3</text>')
    expect(svg).not.toContain('>n=30</text>')
  })
})
