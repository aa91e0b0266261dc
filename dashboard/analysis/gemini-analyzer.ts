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
  const opts = { ...defaultGeminiAnalyzerOptions, ...options }
  // Gemini 2.5 counts thinking tokens against maxOutputTokens; an unbounded thinking budget can
  // use them all and end in MAX_TOKENS. Other models get no thinkingConfig unless asked.
  if (!('thinkingBudget' in options) && /^gemini-2\.5-/.test(opts.model)) {
    opts.thinkingBudget = DEFAULT_THINKING_BUDGET
  }
  checkGeminiOptions(opts)
  const apiKey = opts.apiKey instanceof Secret ? opts.apiKey : new Secret(opts.apiKey)
  const logger = opts.logger ?? silentLogger
  const ai = new GoogleGenAI({
    apiKey: apiKey.reveal(),
    apiVersion: opts.apiVersion,
    ...(opts.baseUrl === undefined ? {} : { httpOptions: { baseUrl: opts.baseUrl } }),
  })
  const responseJsonSchema = analysisResponseJsonSchema()

  async function attempt(
    prompt: AnalysisPrompt,
    signal: AbortSignal,
    onProgress: AnalyzeOptions['onProgress'],
  ): Promise<AnalyzerOutput> {
    const hints: { retryAfterMs?: number } = {}
    // A per-request fetch, so the Retry-After header of a failed response is not lost:
    // the SDK's ApiError keeps only the status and the body.
    const fetchWithHints: typeof fetch = async (input, init) => {
      const response = await fetch(input, init)
      if (!response.ok) hints.retryAfterMs = parseRetryAfter(response.headers, Date.now())
      return response
    }
    const request: GenerateContentParameters = {
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
    let text = ''
    let finishReason: string | undefined
    let usage: GenerateContentResponse['usageMetadata']
    try {
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
    } catch (error) {
      if (signal.aborted) throw error
      throw geminiErrorToAnalysisError(error, {
        model: opts.model,
        apiKey,
        retryAfterHeaderMs: hints.retryAfterMs,
      })
    }
    const content = parseModelOutput({ text, finishReason, maxOutputTokens: opts.maxOutputTokens })
    return { content, usage: toUsage(usage) }
  }

  async function analyze(
    bundle: IncidentBundle,
    { signal, onProgress }: AnalyzeOptions = {},
  ): Promise<AnalyzerOutput> {
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
      const output = await withRetry(() => attempt(prompt, combined, onProgress), {
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

  return { source: 'gemini', model: opts.model, analyze }
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
