/**
 * The contract every chart builder keeps, run against all four: untrusted text is escaped, empty
 * input gives a titled empty state, the output is well-formed standalone SVG, and rendering is
 * deterministic and independent of the process time zone.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError } from '@incident-pipeline/dataflow'
import {
  categoryBreakdown,
  incidentsPerHour,
  mttrByService,
  renderChartSvg,
  serviceHourHeatmap,
  type ChartBuilder,
  type ChartOptions,
} from './index.ts'
import { parseMarkup, parseXml, testDocument } from './chart-test-support.ts'

const SCRIPT = '<script>alert("x")</script>'
const T0 = Date.UTC(2026, 0, 1, 21)

interface Case {
  name: string
  builder: ChartBuilder<never, ChartOptions>
  rows: readonly unknown[]
  emptyMessage: string
}

const cases: Case[] = [
  {
    name: 'incidentsPerHour',
    builder: incidentsPerHour as Case['builder'],
    rows: [
      { hour: T0, level: 'ERROR', count: 3 },
      { hour: T0 + 3_600_000, level: 'INFO', count: 1 },
    ],
    emptyMessage: 'No incidents in this time range',
  },
  {
    name: 'serviceHourHeatmap',
    builder: serviceHourHeatmap as Case['builder'],
    rows: [
      { hour: T0, service: SCRIPT, count: 3 },
      { hour: T0, service: 'database', count: 1 },
    ],
    emptyMessage: 'No incidents in this time range',
  },
  {
    name: 'categoryBreakdown',
    builder: categoryBreakdown as Case['builder'],
    rows: [
      { category: SCRIPT, count: 3 },
      { category: 'Network Issue', count: 1 },
    ],
    emptyMessage: 'No categorised incidents in this time range',
  },
  {
    name: 'mttrByService',
    builder: mttrByService as Case['builder'],
    rows: [
      { service: SCRIPT, mttr_mean: 20, mttr_p50: 15, mttr_p95: 40, samples: 4 },
      { service: 'database', mttr_mean: 10, mttr_p50: 8, mttr_p95: 30, samples: 2 },
    ],
    emptyMessage: 'No resolved incidents with a duration in this time range',
  },
]

describe.each(cases)('$name', ({ builder, rows, emptyMessage }) => {
  const render = (input: readonly unknown[], extra: Partial<ChartOptions> = {}): string =>
    renderChartSvg(builder, input as never[], { document: testDocument(), ...extra })

  const savedTz = process.env.TZ
  afterEach(() => {
    process.env.TZ = savedTz
  })

  it('escapes untrusted text from the rows and the options', () => {
    const svg = render(rows, { title: SCRIPT, description: SCRIPT })
    expect(svg).not.toContain('<script')
    expect(svg).toContain('&lt;script&gt;alert("x")&lt;/script&gt;')
    expect(parseMarkup(svg).querySelectorAll('script').length).toBe(0)
  })

  it('is well-formed standalone SVG with a title and description', () => {
    const doc = parseXml(render(rows))
    expect(doc.querySelectorAll('parsererror').length).toBe(0)
    expect(doc.querySelectorAll('svg[role="img"][aria-label] > title').length).toBe(1)
    expect(doc.querySelectorAll('svg > desc').length).toBe(1)
  })

  it('renders a titled empty state for no rows', () => {
    const svg = render([])
    expect(svg).toMatch(/^<svg [^>]*role="img"/)
    expect(svg).toContain(`<desc>${emptyMessage}</desc>`)
    expect(svg).toContain(`>${emptyMessage}</text>`)
    expect(parseXml(svg).querySelectorAll('parsererror').length).toBe(0)
  })

  it('takes a custom empty-state message', () => {
    expect(render([], { emptyMessage: 'Nothing yet' })).toContain('>Nothing yet</text>')
  })

  it('renders the same markup twice and in any process time zone', () => {
    const first = render(rows)
    expect(render(rows)).toBe(first)
    process.env.TZ = 'Asia/Kolkata'
    expect(render(rows)).toBe(first)
  })

  it('returns the builder figure markup from renderChartSvg', () => {
    const direct = builder(rows as never[], { document: testDocument() }).outerHTML
    expect(render(rows)).toBe(direct)
  })

  it('rejects an invalid size, naming the value', () => {
    expect(() => render(rows, { width: Number.NaN })).toThrow(ConfigError)
    expect(() => render(rows, { width: Number.NaN })).toThrow('invalid width: NaN')
    expect(() => render(rows, { height: 10 })).toThrow('invalid height: 10')
  })

  it('rejects a missing document', () => {
    expect(() => builder(rows as never[], { document: undefined as never })).toThrow(
      'invalid document: undefined',
    )
  })
})
