import { describe, expect, it } from 'vitest'
import { analysisConfigFromEnv, createAnalyzerFromEnv } from './config.ts'
import { parseServiceMap } from '../../transforms/service-map.ts'
import type { Analyzer } from './analyzer.ts'
import { normalizeBundle } from './incident-row.ts'

describe('analysis config', () => {
  it('uses the offline analyzer without a key (empty counts as unset)', () => {
    expect(createAnalyzerFromEnv({})).toMatchObject({ source: 'offline' })
    expect(createAnalyzerFromEnv({ GEMINI_API_KEY: '  ' })).toMatchObject({ source: 'offline' })
  })

  it('uses Gemini with a key, default model gemini-2.5-pro or GEMINI_MODEL', () => {
    expect(createAnalyzerFromEnv({ GEMINI_API_KEY: 'k-123456789' })).toMatchObject({
      source: 'gemini',
      model: 'gemini-2.5-pro',
    })
    expect(
      createAnalyzerFromEnv({ GEMINI_API_KEY: 'k-123456789', GEMINI_MODEL: 'gemini-2.5-flash' })
        .model,
    ).toBe('gemini-2.5-flash')
  })

  it('validates the variables, naming the variable but never echoing the key', () => {
    expect(() => analysisConfigFromEnv({ GEMINI_MODEL: '../evil' })).toThrow(
      /^invalid GEMINI_MODEL/,
    )
    expect(() => analysisConfigFromEnv({ GEMINI_BASE_URL: 'ftp://x' })).toThrow(
      /^invalid GEMINI_BASE_URL/,
    )
    expect(() => analysisConfigFromEnv({ GEMINI_TIMEOUT_MS: '-5' })).toThrow(
      /^invalid GEMINI_TIMEOUT_MS/,
    )
    const config = analysisConfigFromEnv({
      GEMINI_API_KEY: 'AIzaSecretSecretSecret',
      GEMINI_TIMEOUT_MS: '5000',
    })
    expect(config.timeoutMs).toBe(5000)
    expect(JSON.stringify(config)).not.toContain('AIzaSecret')
    expect(String(config.apiKey)).toBe('[redacted]')
    expect(config.apiKey?.reveal()).toBe('AIzaSecretSecretSecret')
  })
})

describe('offline analyzer from the environment', () => {
  it('ranks causes by the dependency map it is given', async () => {
    const t0 = Date.parse('2026-11-28T03:00:00Z')
    const failure = (i: number, service: string) => ({
      event_id: `e${i}`,
      event_time: t0 - (10 - i) * 30_000,
      level: 'WARNING' as const,
      action: 'resource_threshold',
      service,
    })
    const bundle = normalizeBundle({
      primary: { ...failure(10, 'payment-service'), level: 'ERROR', action: 'critical_incident' },
      correlated: [5, 6, 7, 8].map((i) => failure(i, 'ledger')),
    })
    const map = parseServiceMap({
      services: { 'payment-service': { dependsOn: ['ledger'] }, ledger: { dependsOn: [] } },
    })
    const top = async (analyzer: Analyzer) =>
      (await analyzer.analyze(bundle)).content.root_cause_hypotheses[0]?.service
    expect(await top(createAnalyzerFromEnv({}, { map }))).toBe('ledger')
    expect(await top(createAnalyzerFromEnv({}))).toBe('payment-service')
  })
})
