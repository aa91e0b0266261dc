// Browser tests in headless Debian Chromium: the overview renders its charts, a filter narrows
// the feed, live updates arrive without a reload, the SQL console runs a query, and incident
// text carrying XSS payloads stays inert text on every page.
import { rm } from 'node:fs/promises'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { launchChromium } from '../testing/headless-chromium.ts'
import { createOfflineAnalyzer } from './analysis/index.ts'
import { resolveConfig } from './config.ts'
import {
  appendIncidents,
  type FixtureIncident,
  writeFixtures,
} from '../testing/fixtures/write-fixtures.ts'
import { silentLogger } from './logger.ts'
import { startDashboard, type DashboardServer } from './server.ts'
import { tempDataDir } from './test-support.ts'

const payloads = {
  img: '<img src=x onerror="window.__xss=1;alert(1)">',
  script: '<script>window.__xss=2;alert(2)</script>',
  attr: '"><svg onload="window.__xss=3;alert(3)">',
}
const t0 = Date.UTC(2026, 10, 28, 0)
const tc = t0 + 20 * 3_600_000 + 7_777
const correlationRow = (
  event_id: string,
  minutes: number,
  service: string,
  incident_id: string | null = null,
): FixtureIncident => ({
  event_id,
  event_time: tc + minutes * 60_000,
  level: 'ERROR',
  message: `correlation ${event_id}`,
  service,
  incident_id,
})
// A burst of database failures in the minutes before the correlation's primary incident.
const burstRows: FixtureIncident[] = Array.from({ length: 8 }, (_, i) => ({
  event_id: `burst-${i}`,
  event_time: tc - (4 * 60_000 - i * 20_000),
  level: 'ERROR',
  message: `pool exhausted ${i}`,
  service: 'database',
  category: 'Performance Degradation',
}))
const correlationRows = [
  correlationRow('corr-primary', 0, 'payment-service', 'INC-0C0FFEE0'),
  correlationRow('corr-db', -5, 'database'),
  correlationRow('corr-gw', 2, 'api-gateway'),
  correlationRow('corr-same', 1, 'payment-service'),
  correlationRow('corr-id', 180, 'email-service', 'INC-0C0FFEE0'),
]

let dataDir: string
let server: DashboardServer
let browser: Browser
let page: Page
let dialogs: string[]
let violations: string[]

beforeAll(async () => {
  dataDir = await tempDataDir()
  await writeFixtures({
    dataDir,
    incidents: 600,
    start: t0,
    extraIncidents: [
      {
        event_id: 'xss-img',
        event_time: t0 + 23 * 3_600_000,
        level: 'ERROR',
        message: payloads.img,
        service: payloads.attr,
        incident_id: 'INC-0BADC0DE',
      },
      {
        event_id: 'xss-script',
        event_time: t0 + 23 * 3_600_000 + 1000,
        level: 'ERROR',
        message: payloads.script,
        service: 'web-server',
      },
      ...correlationRows,
      ...burstRows,
    ],
  })
  server = await startDashboard(
    resolveConfig({ dataDir, port: 0, refreshIntervalMs: 100, logLevel: 'silent' }),
    {
      logger: silentLogger,
      analyzer: createOfflineAnalyzer(),
      shutdownGraceMs: 500,
    },
  )
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await rm(dataDir, { recursive: true, force: true })
})

beforeEach(async () => {
  page = await browser.newPage()
  dialogs = []
  violations = []
  page.on('dialog', (d) => {
    dialogs.push(d.message())
    void d.dismiss()
  })
  page.on('console', (m) => {
    if (m.type() === 'error') violations.push(m.text())
  })
  page.on('pageerror', (e) => violations.push(e.message))
})
afterEach(() => page.close())

const injected = () =>
  // Evaluated in the page as source text: the workspace compiles without the DOM library.
  page.evaluate(`({
    flag: window.__xss ?? null,
    images: document.querySelectorAll('img').length,
    scripts: [...document.scripts].filter((s) => !s.src).length,
    svgOnload: document.querySelectorAll('svg[onload]').length,
  })`)

describe('overview', () => {
  it('loads and renders the four charts', async () => {
    await page.goto(`${server.url}/?range=all`)
    await page.locator('#live-status.on').waitFor()
    const charts = page.locator('figure.chart > svg')
    expect(await charts.count()).toBe(4)
    for (let i = 0; i < 4; i++) {
      const box = await charts.nth(i).boundingBox()
      expect(box?.width).toBeGreaterThan(100)
      expect(box?.height).toBeGreaterThan(100)
    }
    expect(await page.locator('#chart-per-hour svg rect').count()).toBeGreaterThan(10)
    expect(await page.locator('#kpi-total').textContent()).toBe(
      String(600 + 2 + correlationRows.length + burstRows.length),
    )
    expect(violations).toEqual([])
  })

  it('narrows the feed with a filter', async () => {
    await page.goto(`${server.url}/?range=all`)
    await page.selectOption('select[name=level]', 'ERROR')
    await page.fill('input[name=service]', 'web-server')
    await Promise.all([page.waitForURL(/level=ERROR/), page.click('#filters button[type=submit]')])
    const levels = await page.locator('#feed-table tbody tr td:nth-child(2)').allTextContents()
    expect(levels.length).toBeGreaterThan(0)
    expect(new Set(levels.map((l) => l.trim()))).toEqual(new Set(['ERROR']))
    const services = await page.locator('#feed-table tbody tr td:nth-child(3)').allTextContents()
    expect(new Set(services)).toEqual(new Set(['web-server']))
    expect(await page.locator('#kpi-errors').textContent()).toBe(
      await page.locator('#kpi-total').textContent(),
    )
  })

  it('prepends newly committed incidents without a reload', async () => {
    await page.goto(`${server.url}/?range=all`)
    await page.locator('#live-status.on').waitFor()
    await page.evaluate('window.__marker = true')
    await appendIncidents(dataDir, [
      {
        event_id: 'live-new',
        event_time: t0 + 23 * 3_600_000 + 5000,
        level: 'ERROR',
        message: 'fresh <b>incident</b>',
        service: 'cdn',
        source_partition: 0,
        source_offset: 1_000_000,
      },
    ])
    const row = page.locator('#feed-table tr[data-event-id="live-new"]')
    await row.waitFor({ timeout: 15_000 })
    expect(await row.locator('td.msg').textContent()).toBe('fresh <b>incident</b>')
    expect(await page.locator('#new-data').isVisible()).toBe(true)
    expect(await page.evaluate('window.__marker')).toBe(true)
  })

  it('keeps XSS payloads in incident text inert and shows them literally', async () => {
    await page.goto(`${server.url}/?range=all`)
    await page.locator('#live-status.on').waitFor()
    await expect
      .poll(() => page.locator('tr[data-event-id="xss-img"] td.msg').textContent())
      .toBe(payloads.img)
    expect(await page.locator('tr[data-event-id="xss-script"] td.msg').textContent()).toBe(
      payloads.script,
    )
    expect(await page.locator('tr[data-event-id="xss-img"] td:nth-child(3)').textContent()).toBe(
      payloads.attr,
    )
    expect(await injected()).toEqual({ flag: null, images: 0, scripts: 0, svgOnload: 0 })
    expect(dialogs).toEqual([])
  })
})

describe('incident page', () => {
  it('shows the payload as text, lists correlated incidents and analyses without injecting anything', async () => {
    await page.goto(`${server.url}/incidents/xss-img`)
    expect(await page.locator('#incident-message').textContent()).toBe(payloads.img)
    expect(await page.locator('#correlated-table tbody tr').count()).toBeGreaterThan(0)
    await page.click('#analyze')
    await page.locator('#analysis-status', { hasText: 'Done' }).waitFor({ timeout: 30_000 })
    expect(await page.locator('#analysis-result h3').count()).toBeGreaterThan(2)
    expect(await page.locator('#analysis-result a, #analysis-result img').count()).toBe(0)
    expect(await injected()).toEqual({ flag: null, images: 0, scripts: 0, svgOnload: 0 })
    expect(dialogs).toEqual([])
    expect(violations).toEqual([])
  })
})

describe('incident correlation', () => {
  it('shows why each incident is correlated, and the failure rates against their baselines', async () => {
    await page.goto(`${server.url}/incidents/corr-primary`)
    const why = (id: string) =>
      page.locator(`#correlated-table tr[data-event-id="${id}"] td.why`).textContent()
    expect((await why('corr-same'))?.trim()).toBe('same service')
    expect((await why('corr-db'))?.trim()).toBe('downstream (1 hop)')
    expect((await why('corr-gw'))?.trim()).toBe('upstream (1 hop)')
    expect((await why('corr-id'))?.trim()).toBe('same incident id')
    const database = page.locator('#failure-rate-table tr[data-service="database"] td')
    expect(await database.nth(2).textContent()).toBe('8')
    expect(await database.nth(4).textContent()).toMatch(/^1 in /)
    const chart = page.locator('#failure-rates svg.chart-failure-rate')
    expect((await chart.boundingBox())?.height).toBeGreaterThan(100)
    expect(
      await chart.locator('g[aria-label="fy-axis tick label"] text').allTextContents(),
    ).toContain('database')
    await page.fill('input[name=hops]', '0')
    await Promise.all([page.waitForURL(/hops=0/), page.click('.correlated button[type=submit]')])
    expect(await page.locator('#correlated-table tr[data-event-id="corr-db"]').count()).toBe(0)
    expect(violations).toEqual([])
  })
})

describe('SQL console', () => {
  it('runs a statement, shows the rows, and reports a refusal', async () => {
    await page.goto(`${server.url}/sql`)
    await page.fill('#sql-text', 'SELECT message FROM incidents WHERE event_id = ?')
    await page.fill('#sql-params', '["xss-script"]')
    await page.click('#sql-run')
    await page.locator('#sql-result table td').first().waitFor()
    expect(await page.locator('#sql-result td').first().textContent()).toBe(payloads.script)
    await page.fill('#sql-params', '[]')
    await page.fill('#sql-text', 'DROP VIEW incidents')
    await page.click('#sql-run')
    await page.locator('#sql-result p.error').waitFor()
    expect(await page.locator('#sql-result p.error').textContent()).toMatch(/read-only.*DROP/)
    expect(await injected()).toEqual({ flag: null, images: 0, scripts: 0, svgOnload: 0 })
    expect(dialogs).toEqual([])
  })

  it('downloads the result as CSV', async () => {
    await page.goto(`${server.url}/sql`)
    await page.fill(
      '#sql-text',
      'SELECT level, count(*) AS n FROM incidents GROUP BY ALL ORDER BY 1',
    )
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#sql-csv')])
    expect(download.suggestedFilename()).toBe('query.csv')
  })
})
