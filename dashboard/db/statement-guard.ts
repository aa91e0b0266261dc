/**
 * Decides whether a user's SQL may run, with DuckDB's own parser rather than regexes: the text
 * must hold exactly one statement, and the prepared statement's type must be SELECT (which also
 * covers WITH, FROM-first, VALUES, DESCRIBE, SUMMARIZE and SHOW), or EXPLAIN of such a
 * statement. The statement that was classified is the one that runs, so nothing can change
 * between the check and the execution. Its parse tree must then stay in scope
 * (`statement-scope.ts`): the dashboard's tables, and no function that reveals settings, paths or
 * catalog internals.
 */
import {
  StatementType,
  type DuckDBConnection,
  type DuckDBPreparedStatement,
} from '@duckdb/node-api'
import { SqlError, SqlRefusedError } from '../errors.ts'
import { explainTarget } from './explain-target.ts'
import { refusal, type StatementScope } from './statement-scope.ts'

const allowedList = 'SELECT, WITH, FROM, VALUES, DESCRIBE, SUMMARIZE, SHOW, EXPLAIN'

/** Turns a DuckDB error about the user's SQL into a typed 4xx error. */
export function toSqlError(err: unknown): SqlError | SqlRefusedError {
  const message = err instanceof Error ? err.message : String(err)
  if (/^Permission Error/i.test(message)) return new SqlRefusedError(message, { cause: err })
  return new SqlError(message, { cause: err })
}

async function extractOne(connection: DuckDBConnection, sql: string) {
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
  return extracted
}

async function prepareOne(
  connection: DuckDBConnection,
  sql: string,
): Promise<DuckDBPreparedStatement> {
  const extracted = await extractOne(connection, sql)
  // The scope is checked on the parse tree before binding, so a refused function or table is
  // refused by name, never answered by the binder (whose errors can name paths).
  const checked = await assertInScope(connection, sql)
  let prepared
  try {
    prepared = await extracted.prepare(0)
  } catch (err) {
    throw toSqlError(err)
  }
  if (!checked && prepared.statementType === StatementType.SELECT) {
    prepared.destroySync()
    throw new SqlRefusedError('this query could not be checked against the readable scope')
  }
  return prepared
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

const scopeSql = `SELECT lower(view_name) AS name, internal FROM duckdb_views()
  UNION ALL SELECT lower(table_name), internal FROM duckdb_tables()`

async function currentScope(connection: DuckDBConnection): Promise<StatementScope> {
  const readable = new Set<string>()
  const internal = new Set<string>()
  for (const [name, isInternal] of (await connection.runAndReadAll(scopeSql)).getRows()) {
    ;(isInternal === true ? internal : readable).add(String(name))
  }
  return { readable, internal }
}

/**
 * Refuses a query whose parse tree leaves the scope. Only SELECT-like statements serialize; any
 * other (EXPLAIN, COPY, syntax errors) is left to the statement-type check that follows, and an
 * EXPLAIN's query is checked when its target is prepared. Returns whether it was checked.
 */
async function assertInScope(connection: DuckDBConnection, sql: string): Promise<boolean> {
  const serialize = await connection.prepare('SELECT json_serialize_sql($1::VARCHAR)')
  let tree: unknown
  try {
    serialize.bind([sql])
    tree = JSON.parse(String((await serialize.runAndReadAll()).getRows()[0]?.[0]))
  } finally {
    serialize.destroySync()
  }
  if ((tree as { error?: unknown }).error === true) return false
  const why = refusal(tree, await currentScope(connection))
  if (why !== undefined) throw new SqlRefusedError(why)
  return true
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
