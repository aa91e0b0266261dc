/**
 * The Gemini analyzer: one structured-output call per analysis through @google/genai, with no
 * tools. It streams (`generateContentStream`) when the caller wants progress and makes a unary
 * call otherwise, retries 429/5xx with backoff that honours the server's hint, and bounds the
 * whole analysis, retries included, by one deadline. The SDK's own retry is left off: it cannot
 * see Retry-After or RetryInfo. The API version is pinned to v1beta, where `responseJsonSchema`
 * and `thinkingConfig` are documented (SDK 3.x defaults to v1).
 */
import {
  type GenerateContentParameters,
  type GenerateContentResponse,
  GoogleGenAI,
} from '@google/genai'
import { analysisResponseJsonSchema, type TokenUsage } from './analysis-schema.ts'
import {
  type AnalysisLogger,
  type AnalyzeOptions,
  type Analyzer,
  type AnalyzerOutput,
  silentLogger,
} from './analyzer.ts'
import { AnalysisAbortedError, AnalysisError, AnalysisTimeoutError } from './errors.ts'
import { geminiErrorToAnalysisError } from './gemini-errors.ts'
import {
  checkGeminiOptions,
  DEFAULT_THINKING_BUDGET,
  defaultGeminiAnalyzerOptions,
  type GeminiAnalyzerOptions,
} from './gemini-options.ts'
import type { IncidentBundle } from './incident-row.ts'
import { parseModelOutput } from './parse-output.ts'
import { type AnalysisPrompt, buildAnalysisPrompt } from './prompt.ts'
import { parseRetryAfter } from './retry-hint.ts'
import { withRetry } from './retry.ts'
import { Secret } from './secret.ts'

/**
 * @example
 * const analyzer = createGeminiAnalyzer({ apiKey: process.env.GEMINI_API_KEY!, model: 'gemini-2.5-pro' })
 * const { content, usage } = await analyzer.analyze(bundle, { onProgress: console.log })
 */
export function createGeminiAnalyzer(options: GeminiAnalyzerOptions): Analyzer {
  const opts = resolveOptions(options)
  const apiKey = opts.apiKey instanceof Secret ? opts.apiKey : new Secret(opts.apiKey)
  const logger = opts.logger ?? silentLogger
  const ai = new GoogleGenAI({
    apiKey: apiKey.reveal(),
    apiVersion: opts.apiVersion,
    ...(opts.baseUrl === undefined ? {} : { httpOptions: { baseUrl: opts.baseUrl } }),
  })
  const gemini: GeminiContext = {
    ai,
    opts,
    apiKey,
    logger,
    responseJsonSchema: analysisResponseJsonSchema(),
  }
  return {
    source: 'gemini',
    model: opts.model,
    analyze: (bundle, analyzeOptions) => analyze(gemini, bundle, analyzeOptions),
  }
}

type ResolvedOptions = GeminiAnalyzerOptions & typeof defaultGeminiAnalyzerOptions

/** What every call of one analyzer shares. */
interface GeminiContext {
  ai: GoogleGenAI
  opts: ResolvedOptions
  apiKey: Secret
  logger: AnalysisLogger
  responseJsonSchema: ReturnType<typeof analysisResponseJsonSchema>
}

/** The text, finish reason and token usage of one model call. */
interface ModelReply {
  text: string
  finishReason: string | undefined
  usage: GenerateContentResponse['usageMetadata']
}

/** Defaults merged in, the thinking budget chosen for the model, and every option checked. */
function resolveOptions(options: GeminiAnalyzerOptions): ResolvedOptions {
  const opts = { ...defaultGeminiAnalyzerOptions, ...options }
  // Gemini 2.5 counts thinking tokens against maxOutputTokens; an unbounded thinking budget can
  // use them all and end in MAX_TOKENS. Other models get no thinkingConfig unless asked.
  if (!('thinkingBudget' in options) && /^gemini-2\.5-/.test(opts.model)) {
    opts.thinkingBudget = DEFAULT_THINKING_BUDGET
  }
  checkGeminiOptions(opts)
  return opts
}

/** The whole analysis: prompt, retried attempts under one deadline, and the log of the outcome. */
async function analyze(
  gemini: GeminiContext,
  bundle: IncidentBundle,
  { signal, onProgress }: AnalyzeOptions = {},
): Promise<AnalyzerOutput> {
  const { opts, logger } = gemini
  const started = Date.now()
  const deadline = AbortSignal.timeout(opts.timeoutMs)
  const combined = signal ? AbortSignal.any([signal, deadline]) : deadline
  const prompt = buildAnalysisPrompt(bundle, opts.prompt)
  onProgress?.({
    stage: 'prompting',
    model: opts.model,
    prompt_chars: prompt.systemInstruction.length + prompt.userText.length,
  })
  const log = { model: opts.model, event_id: bundle.primary.event_id }
  try {
    const output = await withRetry(() => attempt(gemini, prompt, combined, onProgress), {
      maxAttempts: opts.maxAttempts,
      initialDelayMs: opts.initialDelayMs,
      maxDelayMs: opts.maxDelayMs,
      signal: combined,
      remainingMs: () => opts.timeoutMs - (Date.now() - started),
      random: opts.random,
      classify: (error) => (error instanceof AnalysisError ? error : undefined),
      onRetry: ({ attempt: next, delayMs, error }) => {
        const code = error instanceof AnalysisError ? error.code : 'unknown'
        logger.warn(
          { ...log, attempt: next, delay_ms: delayMs, code },
          'gemini call failed, retrying',
        )
        onProgress?.({ stage: 'retrying', attempt: next, delay_ms: delayMs, reason: code })
      },
    })
    logger.info(
      {
        ...log,
        duration_ms: Date.now() - started,
        omitted_correlated: prompt.omittedCorrelated,
        usage: output.usage,
      },
      'gemini analysis done',
    )
    return output
  } catch (error) {
    if (deadline.aborted) throw new AnalysisTimeoutError(opts.timeoutMs)
    if (signal?.aborted) throw new AnalysisAbortedError()
    throw error
  }
}

/** One model call, its failure mapped to an analysis error and its answer parsed. */
async function attempt(
  gemini: GeminiContext,
  prompt: AnalysisPrompt,
  signal: AbortSignal,
  onProgress: AnalyzeOptions['onProgress'],
): Promise<AnalyzerOutput> {
  const { opts } = gemini
  const hints: { retryAfterMs?: number } = {}
  const request = buildRequest(gemini, prompt, signal, fetchKeepingRetryAfter(hints))
  let reply: ModelReply
  try {
    reply = await generate(gemini.ai, request, onProgress)
  } catch (error) {
    if (signal.aborted) throw error
    throw geminiErrorToAnalysisError(error, {
      model: opts.model,
      apiKey: gemini.apiKey,
      retryAfterHeaderMs: hints.retryAfterMs,
    })
  }
  const content = parseModelOutput({
    text: reply.text,
    finishReason: reply.finishReason,
    maxOutputTokens: opts.maxOutputTokens,
  })
  return { content, usage: toUsage(reply.usage) }
}

/**
 * A per-request fetch, so the Retry-After header of a failed response is not lost:
 * the SDK's ApiError keeps only the status and the body.
 */
function fetchKeepingRetryAfter(hints: { retryAfterMs?: number }): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init)
    if (!response.ok) hints.retryAfterMs = parseRetryAfter(response.headers, Date.now())
    return response
  }
}

function buildRequest(
  { opts, responseJsonSchema }: GeminiContext,
  prompt: AnalysisPrompt,
  signal: AbortSignal,
  fetchWithHints: typeof fetch,
): GenerateContentParameters {
  return {
    model: opts.model,
    contents: prompt.userText,
    config: {
      systemInstruction: prompt.systemInstruction,
      responseMimeType: 'application/json',
      responseJsonSchema,
      temperature: opts.temperature,
      maxOutputTokens: opts.maxOutputTokens,
      ...(opts.thinkingBudget === undefined
        ? {}
        : { thinkingConfig: { thinkingBudget: opts.thinkingBudget } }),
      abortSignal: signal,
      httpOptions: { fetch: fetchWithHints },
    },
  }
}

/** Streams when the caller wants progress, and makes a unary call otherwise. */
async function generate(
  ai: GoogleGenAI,
  request: GenerateContentParameters,
  onProgress: AnalyzeOptions['onProgress'],
): Promise<ModelReply> {
  let text = ''
  let finishReason: string | undefined
  let usage: GenerateContentResponse['usageMetadata']
  if (onProgress) {
    let chunks = 0
    for await (const chunk of await ai.models.generateContentStream(request)) {
      text += textOf(chunk)
      chunks++
      finishReason = chunk.candidates?.[0]?.finishReason ?? finishReason
      usage = chunk.usageMetadata ?? usage
      onProgress({ stage: 'generating', chars: text.length, chunks })
    }
  } else {
    const response = await ai.models.generateContent(request)
    text = textOf(response)
    finishReason = response.candidates?.[0]?.finishReason
    usage = response.usageMetadata
  }
  return { text, finishReason, usage }
}

/** Answer text without thought parts (the SDK's `.text` getter warns on console instead). */
function textOf(response: GenerateContentResponse): string {
  const parts = response.candidates?.[0]?.content?.parts ?? []
  return parts.map((p) => (typeof p.text === 'string' && !p.thought ? p.text : '')).join('')
}

function toUsage(metadata: GenerateContentResponse['usageMetadata']): TokenUsage | null {
  if (!metadata) return null
  return {
    prompt_tokens: metadata.promptTokenCount ?? 0,
    candidates_tokens: metadata.candidatesTokenCount ?? 0,
    total_tokens: metadata.totalTokenCount ?? 0,
  }
}
