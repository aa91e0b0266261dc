/**
 * Maps what the @google/genai SDK throws onto the analysis error types. The SDK's `ApiError`
 * carries the HTTP status and, as its message, the raw error body; we read the RetryInfo hint
 * and the upstream message from it, redact the API key, and keep that text only in `cause`
 * (for the log). User-facing messages are ours and say what to check.
 */
import { ApiError } from '@google/genai'
import {
  AnalysisError,
  UpstreamRateLimitedError,
  UpstreamRejectedError,
  UpstreamUnavailableError,
} from './errors.ts'
import { parseRetryInfo } from './retry-hint.ts'
import { type Secret, redactSecret } from './secret.ts'

export interface GeminiErrorContext {
  model: string
  apiKey: Secret | undefined
  /** Hint from the failed response's Retry-After header, captured by the fetch wrapper. */
  retryAfterHeaderMs?: number | undefined
}

/**
 * @example
 * try { await ai.models.generateContent(req) }
 * catch (e) { throw geminiErrorToAnalysisError(e, { model, apiKey }) }
 */
export function geminiErrorToAnalysisError(
  error: unknown,
  context: GeminiErrorContext,
): AnalysisError {
  if (error instanceof AnalysisError) return error
  const cause = sanitize(error, context.apiKey)
  if (!(error instanceof ApiError)) {
    return new UpstreamUnavailableError('could not reach Gemini or read its answer', { cause })
  }

  const status = error.status
  const body = errorBody(error.message)
  const hint = parseRetryInfo(body) ?? context.retryAfterHeaderMs
  if (status === 429) {
    return new UpstreamRateLimitedError('Gemini is rate limiting requests (HTTP 429)', {
      cause,
      retryAfterMs: hint,
    })
  }
  if (status === 408 || status >= 500) {
    return new UpstreamUnavailableError(`Gemini is unavailable (HTTP ${status})`, {
      cause,
      retryAfterMs: hint,
    })
  }
  const message = rejectionMessage(status, context.model, upstreamMessage(body, context.apiKey))
  return new UpstreamRejectedError(status, message, { cause })
}

function rejectionMessage(status: number, model: string, upstream: string): string {
  switch (status) {
    case 400:
      // Google's 400 text names the bad field (e.g. an unsupported option for this model).
      return `Gemini rejected the analysis request as invalid (HTTP 400)${upstream}`
    case 401:
    case 403:
      return `Gemini refused the API key (HTTP ${status}); check GEMINI_API_KEY`
    case 404:
      return `Gemini does not serve model ${JSON.stringify(model)} (HTTP 404); check GEMINI_MODEL`
    default:
      return `Gemini rejected the analysis request (HTTP ${status})`
  }
}

/** `: <error.message>` of a Google error body, redacted and bounded, or ''. */
function upstreamMessage(body: unknown, apiKey: Secret | undefined): string {
  const error =
    typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined
  const message =
    typeof error === 'object' && error !== null
      ? (error as { message?: unknown }).message
      : undefined
  if (typeof message !== 'string' || message.trim() === '') return ''
  return `: ${redactSecret(message, apiKey).slice(0, 200)}`
}

/** The SDK's ApiError message is the JSON error body, sometimes after a `got status:` prefix. */
function errorBody(message: string): unknown {
  const start = message.indexOf('{')
  if (start < 0) return undefined
  try {
    return JSON.parse(message.slice(start))
  } catch {
    return undefined
  }
}

/** A copy of the error that is safe to log: key redacted, length bounded, no stack of secrets. */
function sanitize(error: unknown, apiKey: Secret | undefined): Error {
  const original = error instanceof Error ? error : new Error(String(error))
  const copy = new Error(redactSecret(original.message, apiKey).slice(0, 2000))
  copy.name = original.name
  if (error instanceof ApiError) Object.assign(copy, { status: error.status })
  if (original.cause !== undefined) {
    Object.assign(copy, { cause: sanitize(original.cause, apiKey) })
  }
  return copy
}
