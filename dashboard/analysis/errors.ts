/**
 * Typed errors of the incident analysis: one base class with a stable `code`, a `retriable`
 * flag, the HTTP `status` the route answers with, and an optional `cause`. Messages are written
 * for the dashboard user and never contain the API key or raw upstream bodies; the upstream
 * detail, already redacted, travels in `cause` for the server log only.
 */

import { CodedError, type CodedErrorOptions } from '@incident-pipeline/dataflow'

/** Options shared by every analysis error. */
export interface AnalysisErrorOptions extends CodedErrorOptions {
  /** The upstream's hint of when a retry may succeed, in milliseconds. */
  retryAfterMs?: number | undefined
}

/** Base of every error the analysis raises on purpose. */
export class AnalysisError extends CodedError {
  readonly status: number
  readonly retryAfterMs: number | undefined

  constructor(code: string, status: number, message: string, options: AnalysisErrorOptions = {}) {
    super(code, message, options)
    this.status = status
    this.retryAfterMs = options.retryAfterMs
  }
}

/** The request itself is malformed (bad incident id, unknown query key). */
export class InvalidAnalysisRequestError extends AnalysisError {
  constructor(message: string) {
    super('invalid_request', 400, message)
  }
}

/** No incident with this id is stored. */
export class IncidentNotFoundError extends AnalysisError {
  constructor(id: string) {
    super('incident_not_found', 404, `incident not found: ${JSON.stringify(id)}`)
  }
}

/** Gemini kept answering 429 and the retry budget ran out (or its hint exceeds the budget). */
export class UpstreamRateLimitedError extends AnalysisError {
  constructor(message: string, options: AnalysisErrorOptions) {
    super('upstream_rate_limited', 503, message, { ...options, retriable: true })
  }
}

/** Gemini failed with a 5xx or the connection failed; retried and still failing. */
export class UpstreamUnavailableError extends AnalysisError {
  constructor(message: string, options: AnalysisErrorOptions) {
    super('upstream_unavailable', 502, message, { ...options, retriable: true })
  }
}

/** Gemini refused the request itself (400, 401, 403, 404): retrying cannot help. */
export class UpstreamRejectedError extends AnalysisError {
  readonly upstreamStatus: number

  constructor(upstreamStatus: number, message: string, options: AnalysisErrorOptions) {
    super('upstream_rejected', 502, message, options)
    this.upstreamStatus = upstreamStatus
  }
}

/** The model stopped at `maxOutputTokens`, so the JSON is cut off. */
export class OutputTruncatedError extends AnalysisError {
  constructor(maxOutputTokens: number | undefined) {
    const limit = maxOutputTokens === undefined ? '' : ` (${maxOutputTokens} tokens)`
    super(
      'output_truncated',
      502,
      `Gemini stopped at its output token limit${limit} before finishing the analysis; ` +
        'raise maxOutputTokens or lower the thinking budget, then try again',
    )
  }
}

/** The model stopped for a reason other than STOP or MAX_TOKENS (SAFETY, RECITATION, ...). */
export class OutputBlockedError extends AnalysisError {
  readonly finishReason: string

  constructor(finishReason: string) {
    super(
      'output_blocked',
      502,
      `Gemini stopped the analysis early (finish reason ${finishReason})`,
    )
    this.finishReason = finishReason
  }
}

/** The model's text is not JSON, or is JSON that does not match the analysis schema. */
export class InvalidOutputError extends AnalysisError {
  constructor(message: string, options: AnalysisErrorOptions = {}) {
    super('output_invalid', 502, message, options)
  }
}

/** The overall deadline of one analysis passed (including retries and backoff). */
export class AnalysisTimeoutError extends AnalysisError {
  constructor(timeoutMs: number, options: AnalysisErrorOptions = {}) {
    super('upstream_timeout', 504, `Gemini did not finish the analysis within ${timeoutMs} ms`, {
      ...options,
      retriable: true,
    })
  }
}

/** The caller went away (client disconnected); nobody is waiting for an answer. */
export class AnalysisAbortedError extends AnalysisError {
  constructor(options: AnalysisErrorOptions = {}) {
    super('aborted', 499, 'the analysis was cancelled by the client', options)
  }
}
