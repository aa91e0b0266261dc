/**
 * Options of the Gemini analyzer, their defaults, and the construction-time check that names
 * the offending value (`invalid timeoutMs: -5`). The model name ends up in the request path and
 * the base URL receives the API key, so both are checked strictly.
 */
import type { AnalysisLogger } from './analyzer.ts'
import type { PromptOptions } from './prompt.ts'
import type { Secret } from './secret.ts'

export interface GeminiAnalyzerOptions {
  apiKey: Secret | string
  model?: string
  /** Endpoint override (a proxy, or the fake server in tests). */
  baseUrl?: string | undefined
  apiVersion?: string
  /** Deadline of one whole analysis, retries and backoff included. */
  timeoutMs?: number
  /** Attempts per analysis, including the first. */
  maxAttempts?: number
  initialDelayMs?: number
  maxDelayMs?: number
  maxOutputTokens?: number
  /**
   * Thinking tokens count against `maxOutputTokens`. Default: 4096 for gemini-2.5-* models,
   * none sent for other models; undefined leaves the model's own default.
   */
  thinkingBudget?: number | undefined
  temperature?: number
  prompt?: Omit<PromptOptions, 'nonce'>
  logger?: AnalysisLogger
  /** Jitter source, injectable for tests. */
  random?: () => number
}

export const defaultGeminiAnalyzerOptions = {
  model: 'gemini-2.5-pro',
  apiVersion: 'v1beta',
  timeoutMs: 120_000,
  maxAttempts: 4,
  initialDelayMs: 1_000,
  maxDelayMs: 20_000,
  maxOutputTokens: 16_384,
  temperature: 0.2,
} satisfies Partial<GeminiAnalyzerOptions>

export const DEFAULT_THINKING_BUDGET = 4_096

/** A model id as it may appear in `models/{model}:generateContent`. */
export const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/

type CheckedOptions = GeminiAnalyzerOptions & typeof defaultGeminiAnalyzerOptions

/** Throws `invalid <name>: <value>` for the first bad option. */
export function checkGeminiOptions(opts: CheckedOptions): void {
  const fail = (name: string, value: unknown): never => {
    throw new Error(`invalid ${name}: ${String(value)}`)
  }
  if (typeof opts.apiKey === 'string' && opts.apiKey.trim() === '') fail('apiKey', '(empty)')
  if (!MODEL_NAME.test(opts.model)) fail('model', JSON.stringify(opts.model))
  if (!/^v\d+(alpha|beta)?$/.test(opts.apiVersion)) fail('apiVersion', opts.apiVersion)
  if (opts.baseUrl !== undefined && !isHttpUrl(opts.baseUrl)) fail('baseUrl', opts.baseUrl)
  const positive = ['timeoutMs', 'maxAttempts', 'initialDelayMs', 'maxDelayMs', 'maxOutputTokens']
  for (const name of positive) {
    const value = opts[name as keyof CheckedOptions]
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) fail(name, value)
  }
  if (opts.maxDelayMs < opts.initialDelayMs) fail('maxDelayMs', opts.maxDelayMs)
  const budget = opts.thinkingBudget
  if (budget !== undefined && !(Number.isInteger(budget) && budget >= -1)) {
    fail('thinkingBudget', budget)
  }
  if (!(opts.temperature >= 0 && opts.temperature <= 2)) fail('temperature', opts.temperature)
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}
