/**
 * Chooses the analyzer from the environment: Gemini when `GEMINI_API_KEY` is set, the offline
 * rules otherwise. `GEMINI_MODEL` (default gemini-2.5-pro), `GEMINI_BASE_URL` (proxy or fake
 * server) and `GEMINI_TIMEOUT_MS` are validated here; the key is wrapped in a `Secret` at once
 * and read from nowhere else. Empty variables count as unset.
 */
import { z } from 'zod'
import { type AnalysisLogger, type Analyzer, silentLogger } from './analyzer.ts'
import { createGeminiAnalyzer } from './gemini-analyzer.ts'
import {
  defaultGeminiAnalyzerOptions,
  type GeminiAnalyzerOptions,
  MODEL_NAME,
} from './gemini-options.ts'
import { createOfflineAnalyzer } from './offline-analyzer.ts'
import { Secret } from './secret.ts'
import type { ServiceMap } from '../../transforms/service-map.ts'

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional())

const envSchema = z.object({
  GEMINI_API_KEY: optional(z.string()),
  GEMINI_MODEL: optional(z.string().trim().regex(MODEL_NAME, 'not a Gemini model id')),
  GEMINI_BASE_URL: optional(z.url({ protocol: /^https?$/ })),
  GEMINI_TIMEOUT_MS: optional(z.coerce.number().int().positive()),
})

export interface AnalysisConfig {
  apiKey: Secret | undefined
  model: string
  baseUrl: string | undefined
  timeoutMs: number
}

/** Reads and validates the GEMINI_* variables; the error names the variable, never a value. */
export function analysisConfigFromEnv(env: Record<string, string | undefined>): AnalysisConfig {
  const parsed = envSchema.safeParse({
    GEMINI_API_KEY: env.GEMINI_API_KEY,
    GEMINI_MODEL: env.GEMINI_MODEL,
    GEMINI_BASE_URL: env.GEMINI_BASE_URL,
    GEMINI_TIMEOUT_MS: env.GEMINI_TIMEOUT_MS,
  })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(`invalid ${String(issue?.path[0])}: ${issue?.message ?? 'invalid value'}`)
  }
  const vars = parsed.data
  return {
    apiKey: vars.GEMINI_API_KEY === undefined ? undefined : new Secret(vars.GEMINI_API_KEY.trim()),
    model: vars.GEMINI_MODEL ?? defaultGeminiAnalyzerOptions.model,
    baseUrl: vars.GEMINI_BASE_URL,
    timeoutMs: vars.GEMINI_TIMEOUT_MS ?? defaultGeminiAnalyzerOptions.timeoutMs,
  }
}

export interface AnalyzerFromEnvOptions {
  logger?: AnalysisLogger
  /** Dependency map the offline analyzer ranks causes by; the repository's map when not given. */
  map?: ServiceMap
  /** Further Gemini options (retries, token limits); the environment wins for its four keys. */
  gemini?: Omit<GeminiAnalyzerOptions, 'apiKey' | 'model' | 'baseUrl' | 'timeoutMs'>
}

/**
 * @example
 * const analyzer = createAnalyzerFromEnv(process.env, { logger })
 * analyzer.source // 'gemini' with GEMINI_API_KEY set, else 'offline'
 */
export function createAnalyzerFromEnv(
  env: Record<string, string | undefined> = process.env,
  options: AnalyzerFromEnvOptions = {},
): Analyzer {
  const logger = options.logger ?? silentLogger
  const config = analysisConfigFromEnv(env)
  if (config.apiKey === undefined) {
    logger.info({ source: 'offline' }, 'GEMINI_API_KEY is not set: analyses use offline rules')
    return createOfflineAnalyzer({ map: options.map })
  }
  logger.info(
    { source: 'gemini', model: config.model, custom_base_url: config.baseUrl !== undefined },
    'analyses use Gemini',
  )
  return createGeminiAnalyzer({ ...options.gemini, ...config, apiKey: config.apiKey, logger })
}
