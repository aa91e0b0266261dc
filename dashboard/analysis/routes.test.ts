import { inspect } from 'node:util'
import { Hono } from 'hono'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type AnalysisResult, analysisResultSchema } from './analysis-schema.ts'
import type { AnalysisLogger } from './analyzer.ts'
import { createAnalyzerFromEnv } from './config.ts'
import {
  type FakeGemini,
  geminiError,
  geminiReply,
  geminiStreamReply,
  startFakeGemini,
} from './fake-gemini.ts'
import type { IncidentBundleInput } from './incident-row.ts'
import { createOfflineAnalyzer } from './offline-analyzer.ts'
import { type AnalysisRouteDeps, analysisRoutes } from './routes.ts'
import { goodContent, injectedContent, injectionBundle, sampleBundle } from './test-fixtures.ts'

const KEY = 'fake-test-key-never-log-me-0123456789abcdef'
const bundles: Record<string, IncidentBundleInput> = {
  'INC-0A1B2C3D': sampleBundle,
  'INC-INJECT': injectionBundle,
}
const loadBundle = async (id: string) => bundles[id]

let fake: FakeGemini
beforeEach(async () => {
  fake = await startFakeGemini()
})
afterEach(async () => {
  await fake.close()
})

/** The dashboard's app as the teammate will build it: our routes mounted under /api. */
function app(deps: Partial<AnalysisRouteDeps> = {}, env: Record<string, string> = {}) {
  const analyzer = createAnalyzerFromEnv(
    { GEMINI_API_KEY: KEY, GEMINI_BASE_URL: fake.baseUrl, GEMINI_TIMEOUT_MS: '2000', ...env },
    { gemini: { initialDelayMs: 10 }, ...(deps.logger ? { logger: deps.logger } : {}) },
  )
  const root = new Hono()
  root.route('/api', analysisRoutes({ loadBundle, analyzer, ...deps }))
  return root
}

const post = (root: Hono, id: string, accept = 'application/json', query = '') =>
  root.request(`/api/incidents/${id}/analysis${query}`, { method: 'POST', headers: { accept } })

function parseSse(text: string): { event: string; data: unknown }[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '' && !block.startsWith(':'))
    .map((block) => {
      const lines = block.split('\n')
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message'
      const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6))
      return { event, data: JSON.parse(data.join('\n')) as unknown }
    })
}

describe('POST /api/incidents/:id/analysis', () => {
  it('returns the Gemini analysis as JSON, then serves it from the cache', async () => {
    fake.script(geminiReply(JSON.stringify(goodContent)), geminiReply(JSON.stringify(goodContent)))
    const root = app()
    const res = await post(root, 'INC-0A1B2C3D')
    expect(res.status).toBe(200)
    const result = analysisResultSchema.parse(await res.json())
    expect(result).toMatchObject({
      incident_id: 'INC-0A1B2C3D',
      source: 'gemini',
      model: 'gemini-2.5-pro',
      cached: false,
      usage: { prompt_tokens: 1200, candidates_tokens: 350, total_tokens: 1900 },
      citations: { unknown_event_ids: [] },
      bundle: { primary_event_id: 'evt-0003', event_count: 5 },
    })
    const again = (await (await post(root, 'INC-0A1B2C3D')).json()) as AnalysisResult
    expect(again).toEqual({ ...result, cached: true })
    expect(fake.requests).toHaveLength(1)
    const fresh = (await (
      await post(root, 'INC-0A1B2C3D', undefined, '?refresh=true')
    ).json()) as AnalysisResult
    expect(fresh.cached).toBe(false)
    expect(fake.requests).toHaveLength(2)
  })

  it('streams progress then the result over SSE', async () => {
    fake.script(geminiStreamReply(JSON.stringify(goodContent), { parts: 3 }))
    const res = await post(app(), 'INC-0A1B2C3D', 'text/event-stream')
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const events = parseSse(await res.text())
    expect(events.map((e) => e.event)).toEqual([
      'progress',
      'progress',
      'progress',
      'progress',
      'progress',
      'result',
    ])
    expect(events.map((e) => (e.data as { stage?: string }).stage)).toEqual([
      'correlating',
      'prompting',
      'generating',
      'generating',
      'generating',
      undefined,
    ])
    expect(events[0]?.data).toEqual({ stage: 'correlating', event_count: 5, correlated_count: 4 })
    expect(analysisResultSchema.parse(events.at(-1)?.data).source).toBe('gemini')
  })

  it('sends keep-alive comments while the model is slow', async () => {
    fake.script(geminiStreamReply(JSON.stringify(goodContent), { parts: 3, delayMs: 60 }))
    const text = await (
      await post(app({ keepAliveMs: 20 }), 'INC-0A1B2C3D', 'text/event-stream')
    ).text()
    expect(text).toContain(': keep-alive\n\n')
    expect(parseSse(text).at(-1)?.event).toBe('result')
  })

  it('reports a MAX_TOKENS stop as an SSE error event with a problem body', async () => {
    fake.script(geminiStreamReply('{"executive_summary": "api-gat', { finishReason: 'MAX_TOKENS' }))
    const events = parseSse(await (await post(app(), 'INC-0A1B2C3D', 'text/event-stream')).text())
    expect(events.at(-1)).toEqual({
      event: 'error',
      data: expect.objectContaining({ status: 502, code: 'output_truncated', retriable: false }),
    })
  })

  it('maps invalid JSON to 502, timeout to 504 and exhausted rate limits to 503 problems', async () => {
    fake.script(geminiReply('not json at all'))
    const invalid = await post(app(), 'INC-0A1B2C3D')
    expect(invalid.status).toBe(502)
    expect(invalid.headers.get('content-type')).toBe('application/problem+json')
    expect(await invalid.json()).toMatchObject({
      code: 'output_invalid',
      detail: 'Gemini returned text that is not valid JSON (15 characters)',
    })

    fake.script({ kind: 'hang' })
    const slow = await post(app({}, { GEMINI_TIMEOUT_MS: '200' }), 'INC-0A1B2C3D')
    expect(slow.status).toBe(504)
    expect(await slow.json()).toMatchObject({ code: 'upstream_timeout', retriable: true })

    fake.script({ kind: 'json', status: 429, body: geminiError(429, 'quota', '120s') })
    const limited = await post(app(), 'INC-0A1B2C3D')
    expect(limited.status).toBe(503)
    expect(limited.headers.get('retry-after')).toBe('120')
    expect(await limited.json()).toMatchObject({
      code: 'upstream_rate_limited',
      retry_after_s: 120,
    })
  })

  it('answers 404 for an unknown incident and 400 for a bad id or query, before calling Gemini', async () => {
    const root = app()
    const missing = await post(root, 'INC-FFFFFFFF', 'text/event-stream')
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ code: 'incident_not_found' })
    expect((await post(root, 'bad%20id')).status).toBe(400)
    const query = await post(root, 'INC-0A1B2C3D', undefined, '?debug=1')
    expect(query.status).toBe(400)
    expect(await query.json()).toMatchObject({ code: 'invalid_request' })
    expect(fake.requests).toHaveLength(0)
  })

  it('hides unexpected errors behind a generic 500', async () => {
    const root = app({ loadBundle: () => Promise.reject(new Error('duckdb: connection lost')) })
    const res = await post(root, 'INC-0A1B2C3D')
    expect(res.status).toBe(500)
    expect(await res.text()).not.toContain('duckdb')
  })

  it('uses the offline analyzer without a key, with the same structure', async () => {
    const root = app({ analyzer: createOfflineAnalyzer() })
    const result = analysisResultSchema.parse(await (await post(root, 'INC-0A1B2C3D')).json())
    expect(result).toMatchObject({ source: 'offline', model: 'offline-rules-v4', usage: null })
    expect(fake.requests).toHaveLength(0)
  })

  it('keeps injected output schema-valid, drops invented ids, and renders no link or image', async () => {
    fake.script(geminiReply(JSON.stringify(injectedContent)))
    const root = app()
    const result = analysisResultSchema.parse(await (await post(root, 'INC-INJECT')).json())
    expect(result.citations.unknown_event_ids).toEqual(['evt-evil'])
    expect(result.root_cause_hypotheses[0]?.supporting_event_ids).toEqual(['evt-0005'])

    const html = await (await post(root, 'INC-INJECT', 'text/html')).text()
    expect(html).toMatch(/^<section class="analysis">/)
    expect(html).not.toMatch(/<(a|img|script)\b/i)
    expect(html).not.toContain('evil.example')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
  })

  it('never logs or returns the API key, even when upstream echoes it', async () => {
    const lines: string[] = []
    const capture = (level: string) => (fields: object, message: string) =>
      void lines.push(`${level} ${message} ${inspect(fields, { depth: 10 })}`)
    const logger: AnalysisLogger = {
      info: capture('info'),
      warn: capture('warn'),
      error: capture('error'),
    }
    const consoleSpies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      vi
        .spyOn(console, m)
        .mockImplementation((...args: unknown[]) => void lines.push(inspect(args))),
    )
    try {
      fake.script(
        { kind: 'json', status: 429, body: geminiError(429, `quota for key ${KEY}`, '0.01s') },
        { kind: 'json', status: 403, body: geminiError(403, `API key ${KEY} is not valid`) },
        { kind: 'json', status: 500, body: geminiError(500, `internal, key=${KEY}`) },
        { kind: 'json', status: 500, body: geminiError(500, `internal, key=${KEY}`) },
        { kind: 'json', status: 500, body: geminiError(500, `internal, key=${KEY}`) },
        { kind: 'json', status: 500, body: geminiError(500, `internal, key=${KEY}`) },
        geminiStreamReply(JSON.stringify(goodContent)),
      )
      const root = app({ logger })
      const bodies = [
        await (await post(root, 'INC-0A1B2C3D')).text(), // 429 then 403
        await (await post(root, 'INC-0A1B2C3D')).text(), // 500 x4: gives up
        await (await post(root, 'INC-0A1B2C3D', 'text/event-stream')).text(),
      ]
      expect(fake.requests.every((r) => r.headers['x-goog-api-key'] === KEY)).toBe(true)
      expect(bodies[0]).toContain('check GEMINI_API_KEY')
      expect(lines.join('\n')).toContain('[redacted]') // the upstream text was logged, scrubbed
      expect(lines.some((l) => l.startsWith('error analysis failed'))).toBe(true)
      for (const text of [...bodies, ...lines]) expect(text).not.toContain(KEY)
    } finally {
      for (const spy of consoleSpies) spy.mockRestore()
    }
  })
})
