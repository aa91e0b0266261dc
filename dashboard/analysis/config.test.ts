import { describe, expect, it } from 'vitest'
import { analysisConfigFromEnv, createAnalyzerFromEnv } from './config.ts'

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
