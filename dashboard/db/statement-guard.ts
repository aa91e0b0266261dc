/**
 * Decides whether a user's SQL may run, with DuckDB's own parser rather than regexes: the text
 * must hold exactly one statement, and the prepared statement's type must be SELECT (which also
 * covers WITH, FROM-first, VALUES, DESCRIBE, SUMMARIZE and SHOW), or EXPLAIN of such a
 * statement. The statement that was classified is the one that runs, so nothing can change
 * between the check and the execution.
 */
import {
  StatementType,
  type DuckDBConnection,
  type DuckDBPreparedStatement,
} from '@duckdb/node-api'
import { SqlError, SqlRefusedError } from '../errors.ts'
import { explainTarget } from './explain-target.ts'

const allowedList = 'SELECT, WITH, FROM, VALUES, DESCRIBE, SUMMARIZE, SHOW, EXPLAIN'

/** Turns a DuckDB error about the user's SQL into a typed 4xx error. */
export function toSqlError(err: unknown): SqlError | SqlRefusedError {
  const message = err instanceof Error ? err.message : String(err)
  if (/^Permission Error/i.test(message)) return new SqlRefusedError(message, { cause: err })
  return new SqlError(message, { cause: err })
}

async function prepareOne(
  connection: DuckDBConnection,
  sql: string,
): Promise<DuckDBPreparedStatement> {
  let extracted
  try {
    extracted = await connection.extractStatements(sql)
  } catch (err) {
    throw toSqlError(err)
  }
  if (extracted.count !== 1) {
    throw new SqlRefusedError(
      extracted.count === 0
        ? 'the SQL holds no statement'
        : `exactly one statement is allowed; the SQL holds ${extracted.count}`,
    )
  }
  try {
    return await extracted.prepare(0)
  } catch (err) {
    throw toSqlError(err)
  }
}

function typeName(type: StatementType): string {
  return StatementType[type] ?? `type ${type}`
}

/**
 * Prepares `sql` if it is one read-only statement; the caller binds, runs and destroys it.
 *
 * @example
 * const prepared = await prepareReadOnly(connection, 'SELECT count(*) FROM incidents')
 * try { ... } finally { prepared.destroySync() }
 */
export async function prepareReadOnly(
  connection: DuckDBConnection,
  sql: string,
): Promise<DuckDBPreparedStatement> {
  const prepared = await prepareOne(connection, sql)
  try {
    const type = prepared.statementType
    if (type === StatementType.SELECT) return prepared
    if (type === StatementType.EXPLAIN) {
      await assertExplainsSelect(connection, sql)
      return prepared
    }
    throw new SqlRefusedError(
      `only read-only queries are allowed (${allowedList}); this statement is ${typeName(type)}`,
    )
  } catch (err) {
    prepared.destroySync()
    throw err
  }
}

async function assertExplainsSelect(connection: DuckDBConnection, sql: string): Promise<void> {
  const target = explainTarget(sql)
  if (target === undefined) throw new SqlRefusedError('EXPLAIN is only allowed in front of a query')
  const inner = await prepareOne(connection, target)
  try {
    if (inner.statementType !== StatementType.SELECT) {
      throw new SqlRefusedError(
        `EXPLAIN is only allowed in front of a read-only query; it wraps ${typeName(inner.statementType)}`,
      )
    }
  } finally {
    inner.destroySync()
  }
}
