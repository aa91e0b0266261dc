/**
 * Browser test of the analysis flow, end to end: Chromium → page → POST /api/incidents/:id/analysis
 * (SSE) → real @google/genai client → fake Gemini on 127.0.0.1. Runs against `demo-app.ts` (our
 * routes mounted under /api plus a minimal page) until the dashboard's own page exists.
 */
import { serve, type ServerType } from '@hono/node-server'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from '../testing/headless-chromium.ts'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createDemoApp } from './demo-app.ts'
import {
  type FakeGemini,
  geminiError,
  geminiReply,
  geminiStreamReply,
  startFakeGemini,
} from './fake-gemini.ts'
import { createGeminiAnalyzer } from './gemini-analyzer.ts'
import type { IncidentBundleInput } from './incident-row.ts'
import { goodContent, injectedContent, injectionBundle, sampleBundle } from './test-fixtures.ts'

const bundles: Record<string, IncidentBundleInput> = {
  'INC-0A1B2C3D': sampleBundle,
  'INC-INJECT': injectionBundle,
}

let fake: FakeGemini
let server: ServerType
let origin: string
let browser: Browser
let page: Page
let foreignRequests: string[]
let dialogs: string[]

beforeAll(async () => {
  fake = await startFakeGemini()
  const analyzer = createGeminiAnalyzer({
    apiKey: 'int-test-key-0123456789',
    baseUrl: fake.baseUrl,
    initialDelayMs: 10,
    timeoutMs: 10_000,
  })
  const app = createDemoApp({ loadBundle: async (id) => bundles[id], analyzer, cache: false })
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve(info.port),
    )
  })
  origin = `http://127.0.0.1:${port}`
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  await fake?.close()
})

beforeEach(async () => {
  page = await browser.newPage()
  foreignRequests = []
  dialogs = []
  page.on('request', (request) => {
    if (!request.url().startsWith(origin)) foreignRequests.push(request.url())
  })
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  await page.goto(origin)
})

afterEach(async () => {
  await page.close()
})

async function analyze(id: string): Promise<string> {
  await page.fill('#incident', id)
  await page.click('#analyze')
  await page.waitForFunction(
    "(document.getElementById('status')?.textContent ?? '') === 'done' || (document.getElementById('status')?.textContent ?? '').startsWith('Error:')",
  )
  return (await page.textContent('#status')) ?? ''
}

const stages = () => page.evaluate<string[]>('window.stages')

describe('analysis in the browser', () => {
  it('streams progress and renders the analysis with token usage', async () => {
    fake.script(geminiStreamReply(JSON.stringify(goodContent), { parts: 6, delayMs: 20 }))
    expect(await analyze('INC-0A1B2C3D')).toBe('done')
    expect(await stages()).toEqual([
      'correlating',
      'prompting',
      ...Array<string>(6).fill('generating'),
    ])
    expect(await page.textContent('#usage')).toBe(
      'Source: gemini (gemini-2.5-pro) · tokens: prompt 1200, output 350, total 1900',
    )
    const result = (await page.textContent('#result')) ?? ''
    expect(result).toContain(goodContent.executive_summary)
    expect(result).toContain('Network Issue · api-gateway 70%')
    expect(result).toContain('☐ Fail over the gateway to the secondary network path.')
    expect(fake.requests.at(-1)?.method).toBe('streamGenerateContent')
    expect(foreignRequests).toEqual([])
  })

  it('shows the retry after a 429 and still finishes', async () => {
    fake.script(
      { kind: 'json', status: 429, body: geminiError(429, 'quota', '0.2s') },
      geminiStreamReply(JSON.stringify(goodContent)),
    )
    expect(await analyze('INC-0A1B2C3D')).toBe('done')
    expect(await stages()).toContain('retrying')
  })

  it('shows a clear error when the answer is truncated', async () => {
    fake.script(geminiStreamReply('{"executive_summary": "api', { finishReason: 'MAX_TOKENS' }))
    expect(await analyze('INC-0A1B2C3D')).toMatch(
      /^Error: Gemini stopped at its output token limit \(16384 tokens\)/,
    )
  })

  it('renders injected output as inert text: no link, image, script or dialog', async () => {
    fake.script(
      geminiStreamReply(JSON.stringify(injectedContent)),
      geminiReply(JSON.stringify(injectedContent)),
    )
    expect(await analyze('INC-INJECT')).toBe('done')
    expect(await page.locator('#result a, #result img, #result script').count()).toBe(0)
    expect(await page.textContent('#result')).toContain('<img src=x onerror=alert(1)>')

    await page.click('#fragment-button')
    await page.waitForSelector('#fragment section.analysis')
    expect(await page.locator('#fragment a, #fragment img, #fragment script').count()).toBe(0)
    expect(await page.textContent('#fragment')).toContain('[image removed]')
    expect(await page.textContent('#fragment')).not.toContain('evil.example')
    expect(dialogs).toEqual([])
    expect(foreignRequests).toEqual([])
  })
})
