/**
 * Runs one prepared statement with the dashboard's limits: values are bound as parameters, a
 * timer interrupts the connection when the statement timeout passes, and rows are streamed
 * chunk by chunk only until the row cap is reached, so a huge result never materialises. Rows
 * come back JSON-safe, with a `truncated` flag.
 */
import {
  DuckDBTypeId,
  JSDuckDBValueConverter,
  type DuckDBConnection,
  type DuckDBPreparedStatement,
  type DuckDBValue,
} from '@duckdb/node-api'
import { InvalidInputError, QueryTimeoutError, SqlError } from '../errors.ts'
import { dateOnly, toJsonSafe, type JsonSafe } from './json-safe.ts'

export type SqlParam = string | number | boolean | null

export interface QueryLimits {
  timeoutMs: number
  maxRows: number
}

export interface QueryColumn {
  name: string
  type: string
}

export interface QueryResult {
  columns: QueryColumn[]
  rows: JsonSafe[][]
  rowCount: number
  truncated: boolean
  elapsedMs: number
}

/**
 * Binds `params`, runs `prepared` on `connection` and reads at most `limits.maxRows` rows.
 * The caller owns `prepared` and destroys it, and wraps DuckDB's own errors (they mean a bad user
 * statement for the console, but a server fault for the dashboard's own queries).
 *
 * @example
 * const result = await runPrepared(conn, prepared, ['web-server'], { timeoutMs: 5000, maxRows: 1000 })
 */
export async function runPrepared(
  connection: DuckDBConnection,
  prepared: DuckDBPreparedStatement,
  params: readonly SqlParam[],
  limits: QueryLimits,
  signal?: AbortSignal,
): Promise<QueryResult> {
  if (prepared.parameterCount !== params.length) {
    throw new InvalidInputError(
      `the statement has ${prepared.parameterCount} parameter(s) but ${params.length} value(s) were given`,
    )
  }
  const started = performance.now()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    connection.interrupt()
  }, limits.timeoutMs)
  // A caller that went away (closed connection) needs no answer: stop the statement too.
  const onAbort = (): void => connection.interrupt()
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
    signal?.throwIfAborted()
    prepared.bind(params as DuckDBValue[])
    const result = await prepared.stream()
    const columns = result
      .columnNames()
      .map((name, i) => ({ name, type: result.columnType(i).toString() }))
    const dateColumns = columns.map((_, i) => result.columnTypeId(i) === DuckDBTypeId.DATE)
    const rows: JsonSafe[][] = []
    let truncated = false
    for (;;) {
      const chunk = await result.fetchChunk()
      if (!chunk || chunk.rowCount === 0) break
      const take = Math.min(chunk.rowCount, limits.maxRows - rows.length)
      for (let r = 0; r < take; r++) {
        const row = chunk.convertRowValues(r, JSDuckDBValueConverter)
        rows.push(row.map((v, i) => (dateColumns[i] ? dateOnly(toJsonSafe(v)) : toJsonSafe(v))))
      }
      if (take < chunk.rowCount) {
        truncated = true
        break
      }
    }
    return {
      columns,
      rows,
      rowCount: rows.length,
      truncated,
      elapsedMs: performance.now() - started,
    }
  } catch (err) {
    if (timedOut) throw new QueryTimeoutError(limits.timeoutMs, { cause: err })
    if (signal?.aborted)
      throw new SqlError('statement cancelled: the client closed the connection', { cause: err })
    throw err
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', onAbort)
  }
}

/** Rows as objects keyed by column name (for the REST endpoints, whose columns are unique). */
export function rowObjects(result: QueryResult): Record<string, JsonSafe>[] {
  return result.rows.map((row) =>
    Object.fromEntries(result.columns.map((c, i) => [c.name, row[i] ?? null])),
  )
}
