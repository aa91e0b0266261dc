/**
 * Browser test of the analysis flow on the dashboard's own incident page, end to end: Chromium →
 * the page's Analyze button → POST /api/incidents/:id/analysis (SSE) → the real @google/genai
 * client → fake Gemini on 127.0.0.1. The dashboard is the real one (`startDashboard`) over
 * committed fixture files holding the rows of `injectionBundle`. Each test analyses a different
 * event of that incident, because the analysis cache answers a second request for the same id.
 */
import { rm } from 'node:fs/promises'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { resolveConfig } from '../config.ts'
import { type FixtureIncident, writeFixtures } from '../../testing/fixtures/write-fixtures.ts'
import { silentLogger } from '../logger.ts'
import { type DashboardServer, startDashboard } from '../server.ts'
import { tempDataDir } from '../test-support.ts'
import { launchChromium } from '../../testing/headless-chromium.ts'
import { type FakeGemini, geminiError, geminiStreamReply, startFakeGemini } from './fake-gemini.ts'
import { createGeminiAnalyzer } from './gemini-analyzer.ts'
import { normalizeBundle } from './incident-row.ts'
import { goodContent, injectedContent, INJECTION, injectionBundle } from './test-fixtures.ts'

// The bundle's rows as the sink would have written them: epoch-ms times, store columns only.
const fixtureRows = normalizeBundle(injectionBundle).events.map(
  ({ reasons: _reasons, linked_service: _linked, ...row }): FixtureIncident => row,
)

let fake: FakeGemini
let dataDir: string
let server: DashboardServer
let browser: Browser
let page: Page
let foreignRequests: string[]
let dialogs: string[]

beforeAll(async () => {
  fake = await startFakeGemini()
  dataDir = await tempDataDir()
  await writeFixtures({ dataDir, incidents: 0, extraIncidents: fixtureRows })
  const analyzer = createGeminiAnalyzer({
    apiKey: 'int-test-key-0123456789',
    baseUrl: fake.baseUrl,
    initialDelayMs: 10,
    timeoutMs: 10_000,
  })
  server = await startDashboard(resolveConfig({ dataDir, port: 0, logLevel: 'silent' }), {
    logger: silentLogger,
    analyzer,
    shutdownGraceMs: 500,
  })
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await fake?.close()
  await rm(dataDir, { recursive: true, force: true })
})

beforeEach(async () => {
  page = await browser.newPage()
  foreignRequests = []
  dialogs = []
  page.on('request', (request) => {
    if (!request.url().startsWith(server.url)) foreignRequests.push(request.url())
  })
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  })
})

afterEach(() => page.close())

/** Opens the incident page, clicks Analyze and returns the final status line. */
async function analyze(id: string): Promise<string> {
  await page.goto(`${server.url}/incidents/${id}`)
  await page.click('#analyze')
  const status = page.locator('#analysis-status')
  await status.filter({ hasText: /^(Done|Analysis failed: )/ }).waitFor()
  return (await status.textContent()) ?? ''
}

const stages = () => page.locator('#analysis-progress li').allTextContents()
const result = () => page.locator('#analysis-result')

describe('analysis on the incident page', () => {
  it('streams progress and renders the analysis with token usage', async () => {
    fake.script(geminiStreamReply(JSON.stringify(goodContent), { parts: 6, delayMs: 20 }))
    expect(await analyze('INC-0A1B2C3D')).toBe('Done')
    const shown = await stages()
    expect(shown.slice(0, 2)).toEqual([
      'Correlating 6 events (5 correlated)',
      'Asking gemini-2.5-pro',
    ])
    expect(shown.slice(2)).toHaveLength(6)
    for (const stage of shown.slice(2)) expect(stage).toMatch(/^Generating… \d+ characters$/)
    expect(await result().locator('.analysis-meta').textContent()).toBe(
      'Source: gemini (gemini-2.5-pro) · tokens: prompt 1200, output 350, total 1900',
    )
    const text = (await result().textContent()) ?? ''
    expect(text).toContain(goodContent.executive_summary)
    expect(text).toContain('Network Issue · api-gateway 70% confidence')
    expect(text).toContain('☐ Fail over the gateway to the secondary network path.')
    expect(fake.requests.at(-1)?.method).toBe('streamGenerateContent')
    expect(foreignRequests).toEqual([])
  })

  it('shows the retry after a 429 and still finishes', async () => {
    fake.script(
      { kind: 'json', status: 429, body: geminiError(429, 'quota', '0.2s') },
      geminiStreamReply(JSON.stringify(goodContent)),
    )
    expect(await analyze('evt-0001')).toBe('Done')
    expect((await stages()).slice(0, 4)).toEqual([
      'Correlating 6 events (5 correlated)',
      'Asking gemini-2.5-pro',
      'Retrying (attempt 2) in 0.2 s: upstream_rate_limited',
      expect.stringMatching(/^Generating… \d+ characters$/),
    ])
    expect(fake.requests.slice(-2).map((r) => r.method)).toEqual([
      'streamGenerateContent',
      'streamGenerateContent',
    ])
  })

  it('shows a clear error when the answer is truncated', async () => {
    fake.script(geminiStreamReply('{"executive_summary": "api', { finishReason: 'MAX_TOKENS' }))
    expect(await analyze('evt-0006')).toMatch(
      /^Analysis failed: Gemini stopped at its output token limit \(16384 tokens\)/,
    )
    expect(await result().textContent()).toBe('')
  })

  it('renders injected incident text and model output as inert text: no link, image, script or dialog', async () => {
    fake.script(geminiStreamReply(JSON.stringify(injectedContent)))
    expect(await analyze('evt-0005')).toBe('Done')
    expect(await page.locator('#incident-message').textContent()).toBe(INJECTION)
    expect(await result().locator('a, img, script').count()).toBe(0)
    expect(await page.locator('img, script:not([src]), a[href*="evil"]').count()).toBe(0)
    const text = (await result().textContent()) ?? ''
    expect(text).toContain('<img src=x onerror=alert(1)>')
    expect(text).toContain('<script>alert(1)</script>')
    expect(text).toContain('[image removed]')
    expect(text).not.toContain('evil.example')
    expect(await result().locator('.analysis-warning').textContent()).toBe(
      '1 cited event id(s) were not in the incident data and were removed.',
    )
    expect(dialogs).toEqual([])
    expect(foreignRequests).toEqual([])
  })
})
