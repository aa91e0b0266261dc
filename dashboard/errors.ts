/**
 * Typed errors of the dashboard. Every error it raises on purpose is a `DashboardError` with a
 * stable `code`, a `retriable` flag and an optional `cause`; the HTTP layer maps the subclasses
 * to status codes in one place (`api/on-error.ts`). Messages are written for the API caller: they
 * say why a request was refused and never contain secrets or file contents.
 */

import { CodedError, type CodedErrorOptions } from '@incident-pipeline/dataflow'

export type DashboardErrorOptions = CodedErrorOptions

/** Base of every error the dashboard raises on purpose, in the engine's `CodedError` family. */
export class DashboardError extends CodedError {}

/** A validation issue as zod reports it. */
export interface Issue {
  path: readonly PropertyKey[]
  message: string
}

/** `path: message` per issue, for error messages that name the bad value. */
export function formatIssues(issues: readonly Issue[]): string[] {
  return issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
}

/** Request input that failed validation (query string, body, path). */
export class InvalidInputError extends DashboardError {
  readonly issues: readonly string[]

  constructor(
    message: string,
    issues: readonly string[] = [],
    options: DashboardErrorOptions = {},
  ) {
    super('invalid_input', message, options)
    this.issues = issues
  }

  /** `invalid <what>: <issues>` from zod's issues. */
  static fromIssues(what: string, issues: readonly Issue[]): InvalidInputError {
    const lines = formatIssues(issues)
    return new InvalidInputError(`invalid ${what}: ${lines.join('; ')}`, lines)
  }
}

/** A SQL statement the read-only console will not run (not read-only, several statements...). */
export class SqlRefusedError extends DashboardError {
  constructor(message: string, options: DashboardErrorOptions = {}) {
    super('sql_refused', message, options)
  }
}

/** DuckDB rejected a statement: syntax, binder, permission or runtime error in the user's SQL. */
export class SqlError extends DashboardError {
  constructor(message: string, options: DashboardErrorOptions = {}) {
    super('sql_error', message, options)
  }
}

/** A statement ran past the statement timeout and was interrupted. */
export class QueryTimeoutError extends DashboardError {
  constructor(timeoutMs: number, options: DashboardErrorOptions = {}) {
    super('query_timeout', `statement interrupted after the ${timeoutMs} ms timeout`, options)
  }
}

/** A state-changing request that a browser sent from another site. */
export class CrossSiteError extends DashboardError {
  constructor(message: string) {
    super('cross_site_refused', message)
  }
}

/** A request body over the limit. */
export class PayloadTooLargeError extends DashboardError {
  constructor(message: string) {
    super('payload_too_large', message)
  }
}

/** Too many queries are queued; the caller may retry later. */
export class OverloadedError extends DashboardError {
  constructor(message: string, options: DashboardErrorOptions = {}) {
    super('overloaded', message, { ...options, retriable: true })
  }
}

/** The requested resource does not exist. */
export class NotFoundError extends DashboardError {
  constructor(message: string) {
    super('not_found', message)
  }
}

/** Missing or wrong bearer token. */
export class UnauthorizedError extends DashboardError {
  constructor(message = 'a valid bearer token is required') {
    super('unauthorized', message)
  }
}

/** Committed data could not be read (bad manifest, unreadable file). */
export class DataError extends DashboardError {
  constructor(message: string, options: DashboardErrorOptions = {}) {
    super('data_error', message, options)
  }
}
