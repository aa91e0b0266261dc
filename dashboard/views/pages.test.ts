// Server-rendered pages through app.request: the overview carries KPIs, four inline charts and
// the feed; untrusted incident text is escaped in text and attribute contexts alike; every style
// and script tag carries the request's nonce.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestDashboard, type TestDashboard } from '../test-support.ts'

const xss = {
  message: '<img src=x onerror="alert(1)"><script>alert(2)</script>',
  service: '"><svg onload=alert(3)>',
  category: "' autofocus onfocus='alert(4)",
}
let t: TestDashboard
beforeAll(async () => {
  t = await startTestDashboard({
    fixtures: {
      incidents: 300,
      extraIncidents: [
        {
          event_id: 'xss-1',
          event_time: Date.UTC(2026, 10, 28, 23, 59, 59),
          level: 'ERROR',
          incident_id: 'INC-DEADBEEF',
          ...xss,
        },
      ],
    },
  })
})
afterAll(() => t.close())

async function page(path: string): Promise<{ html: string; nonce: string; status: number }> {
  const res = await t.app.request(path, { headers: { accept: 'text/html' } })
  const nonce = /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1] ?? ''
  return { html: await res.text(), nonce, status: res.status }
}

describe('overview', () => {
  it('shows KPIs, four charts and the feed', async () => {
    const { html, status } = await page('/?range=all')
    expect(status).toBe(200)
    expect(html).toContain('id="kpi-total">301<')
    for (const id of ['per-hour', 'heatmap', 'categories', 'mttr'])
      expect(html).toMatch(
        new RegExp(`id="chart-${id}">\\s*<figcaption>[^<]+</figcaption>\\s*<svg`),
      )
    expect(html).toContain('id="feed-table"')
    expect(html).toContain('data-stream="/api/stream"')
  })

  it('escapes untrusted text everywhere and tags every style and script with the nonce', async () => {
    const { html, nonce } = await page('/?range=all')
    expect(html).not.toContain('<img src=x')
    expect(html).not.toContain('<script>alert')
    expect(html).not.toContain('<svg onload')
    expect(html).toContain(
      '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;',
    )
    expect(html).toContain('&quot;&gt;&lt;svg onload=alert(3)&gt;')
    // No tag gains an event-handler attribute (quoted values are data, so they are blanked first).
    expect(html.replace(/"[^"]*"/g, '""')).not.toMatch(/<(?!\/)[^>]*\son[a-z]+=/i)
    for (const tag of html.match(/<(style|script)\b[^>]*>/g) ?? [])
      expect(tag).toContain(`nonce="${nonce}"`)
  })

  it('keeps filters in the live-stream address, encoded', async () => {
    const { html } = await page(`/?range=24h&level=ERROR&service=${encodeURIComponent('a&b"c')}`)
    expect(html).toContain('data-stream="/api/stream?level=ERROR&amp;service=a%26b%22c"')
  })

  it('answers a bad query with an HTML 400 page', async () => {
    const { status, html } = await page('/?range=forever')
    expect(status).toBe(400)
    expect(html).toContain('<h1>400 Bad Request</h1>')
  })
})

describe('incident page', () => {
  it('escapes the incident fields and renders the correlated table with reasons', async () => {
    const { html, status } = await page('/incidents/xss-1')
    expect(status).toBe(200)
    expect(html).not.toContain('<img src=x')
    expect(html).toContain('id="analyze"')
    expect(html).toContain('data-incident="xss-1"')
    expect(html).toContain('id="correlated-table"')
    expect(html).toMatch(/<th>Why correlated<\/th>/)
  })

  it('answers an unknown incident with an HTML 404', async () => {
    const { status } = await page('/incidents/unknown-event')
    expect(status).toBe(404)
  })
})
