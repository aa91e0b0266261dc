/**
 * The messages between the dashboard and its SQL worker processes, and how a typed dashboard
 * error crosses the process boundary: by its stable `code` and message, rebuilt as the same
 * class on the other side, so the HTTP layer maps it exactly as if the query had run in-process.
 */
import {
  DashboardError,
  DataError,
  InvalidInputError,
  OverloadedError,
  QueryTimeoutError,
  SqlError,
  SqlRefusedError,
} from '../errors.ts'
import type { QueryLimits, QueryResult, SqlParam } from './run-query.ts'

/** What a worker needs to open its own hardened database over the data directory. */
export interface SqlWorkerSettings {
  dataDir: string
  memoryLimit: string
  threads: number
  limits: QueryLimits
  logLevel: string
}

export interface QueryJob {
  sql: string
  params: readonly SqlParam[]
  limits: QueryLimits
}

export type ToWorker = ({ type: 'query'; id: number } & QueryJob) | { type: 'cancel'; id: number }

export interface EncodedError {
  code: string
  message: string
}

export type FromWorker =
  | { type: 'ready' }
  | { type: 'fatal'; message: string }
  | { type: 'result'; id: number; result: QueryResult }
  | { type: 'error'; id: number; error: EncodedError }

/** The environment variable that carries a worker's settings, as JSON. */
export const settingsEnv = 'DASHBOARD_SQL_WORKER'

export function encodeError(err: unknown): EncodedError {
  if (err instanceof DashboardError) return { code: err.code, message: err.message }
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) }
}

/**
 * @example
 * decodeError({ code: 'sql_refused', message: 'exactly one statement is allowed' }, limits)
 */
export function decodeError(e: EncodedError, limits: QueryLimits): DashboardError {
  switch (e.code) {
    case 'sql_error':
      return new SqlError(e.message)
    case 'sql_refused':
      return new SqlRefusedError(e.message)
    case 'query_timeout':
      return new QueryTimeoutError(limits.timeoutMs)
    case 'invalid_input':
      return new InvalidInputError(e.message)
    case 'overloaded':
      return new OverloadedError(e.message)
    default:
      return new DataError('a SQL worker process failed', { cause: new Error(e.message) })
  }
}
