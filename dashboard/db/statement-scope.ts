/**
 * What a read-only statement may reach, decided on DuckDB's own parse tree
 * (`json_serialize_sql`): tables are the dashboard's views and the statement's own CTEs, and
 * functions that reveal server settings, paths or catalog internals, read files around the
 * committed views, or run SQL text the guard never saw are refused by name, with the reason.
 * Pure: it takes the parse tree and the readable table names and returns the refusal, if any.
 */

export interface RefusedFunctionRule {
  /** A function name, or a prefix ending in `*`. */
  pattern: string
  reason: string
}

const settingsReason = 'it reveals server settings, paths or catalog internals'
const filesReason = 'it reads files directly, around the committed tables; query the tables instead'
const sqlTextReason = 'it runs SQL text that the read-only guard cannot check'

/** Every function the endpoint refuses, and why. Names compare case-insensitively. */
export const refusedFunctions: readonly RefusedFunctionRule[] = [
  ...['duckdb_*', 'pragma_*', 'current_setting', 'getenv', 'which_secret', 'pg_get_*'].map(
    (pattern) => ({ pattern, reason: settingsReason }),
  ),
  ...['col_description', 'obj_description', 'shobj_description', 'sql_auto_complete'].map(
    (pattern) => ({ pattern, reason: settingsReason }),
  ),
  ...['read_*', 'parquet_*', 'glob', 'sniff_csv', 'iceberg_*', 'delta_*', 'arrow_*'].map(
    (pattern) => ({ pattern, reason: filesReason }),
  ),
  ...['sqlite_*', 'postgres_*', 'mysql_*'].map((pattern) => ({ pattern, reason: filesReason })),
  ...['query', 'query_table', 'json_execute_serialized_sql'].map((pattern) => ({
    pattern,
    reason: sqlTextReason,
  })),
]

/** Schemas whose tables and functions are catalog internals. */
const internalSchemas = new Set(['information_schema', 'pg_catalog'])

function ruleFor(name: string): RefusedFunctionRule | undefined {
  const lower = name.toLowerCase()
  return refusedFunctions.find((r) =>
    r.pattern.endsWith('*') ? lower.startsWith(r.pattern.slice(0, -1)) : lower === r.pattern,
  )
}

type Node = Record<string, unknown>

function* nodes(value: unknown): Generator<Node> {
  if (Array.isArray(value)) {
    for (const v of value) yield* nodes(v)
  } else if (typeof value === 'object' && value !== null) {
    yield value as Node
    for (const v of Object.values(value)) yield* nodes(v)
  }
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '')

function cteNames(tree: unknown): Set<string> {
  const names = new Set<string>()
  for (const node of nodes(tree)) {
    const map = (node.cte_map as { map?: { key?: unknown }[] } | undefined)?.map
    for (const entry of map ?? []) names.add(text(entry.key).toLowerCase())
  }
  return names
}

function qualified(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('.')
}

function refuseTable(node: Node, readable: ReadonlySet<string>): string | undefined {
  const catalog = text(node.catalog_name)
  const schema = text(node.schema_name)
  const table = text(node.table_name)
  const name = qualified(catalog, schema, table)
  const local = (catalog === '' || catalog === 'memory') && (schema === '' || schema === 'main')
  if (local && readable.has(table.toLowerCase())) return undefined
  const list = [...readable].sort().join(', ')
  return `table ${JSON.stringify(name)} is not readable here; the readable tables are ${list}`
}

function refuseFunction(node: Node): string | undefined {
  const name = text(node.function_name)
  const schema = text(node.schema).toLowerCase()
  if (internalSchemas.has(schema) || schema === 'system') {
    return `function ${schema}.${name} is refused: ${settingsReason}`
  }
  const rule = ruleFor(name)
  return rule && `function ${name}() is refused: ${rule.reason}`
}

/** The relations a statement is checked against, by lower-case name. */
export interface StatementScope {
  /** The dashboard's own tables and views. */
  readable: ReadonlySet<string>
  /** The catalog's internal views (`duckdb_tables`, `pg_views`, ...), which no CTE may shadow. */
  internal: ReadonlySet<string>
}

/**
 * The reason `tree` (the output of `json_serialize_sql` for a query) may not run, or `undefined` when it may.
 * A CTE's name is readable anywhere in the statement, so a CTE may not take the name of an
 * internal view: a reference outside the CTE's scope would reach the view.
 *
 * @example
 * refusal(JSON.parse(serialized), { readable: new Set(['incidents']), internal: new Set() })
 * // 'function duckdb_settings() is refused: it reveals server settings, ...'
 */
export function refusal(tree: unknown, scope: StatementScope): string | undefined {
  const ctes = cteNames(tree)
  const shadowing = [...ctes].find((name) => scope.internal.has(name))
  if (shadowing !== undefined) {
    return `a CTE may not be named ${JSON.stringify(shadowing)}: that is a catalog view`
  }
  const readable = new Set([...scope.readable, ...ctes])
  for (const node of nodes(tree)) {
    const why =
      node.type === 'BASE_TABLE'
        ? refuseTable(node, readable)
        : typeof node.function_name === 'string'
          ? refuseFunction(node)
          : undefined
    if (why !== undefined) return why
  }
  return undefined
}
