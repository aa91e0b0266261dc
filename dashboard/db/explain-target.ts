/**
 * Finds the statement an `EXPLAIN` wraps. DuckDB reports every `EXPLAIN` with the same statement
 * type, but `EXPLAIN ANALYZE` executes its target, so `EXPLAIN ANALYZE COPY ... TO` would write a
 * file. The guard therefore classifies the target on its own; this pure scanner only skips the
 * `EXPLAIN [ANALYZE] [(options)]` prefix (with comments and whitespace) and returns the rest.
 */

const keyword = /^[A-Za-z_]+/

/** Skips whitespace and SQL comments from `i`; returns the next index. */
function skipTrivia(sql: string, i: number): number {
  for (;;) {
    while (i < sql.length && /\s/.test(sql[i] ?? '')) i++
    if (sql.startsWith('--', i)) {
      const nl = sql.indexOf('\n', i)
      i = nl === -1 ? sql.length : nl + 1
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2)
      if (end === -1) return sql.length
      i = end + 2
    } else return i
  }
}

function wordAt(sql: string, i: number): string {
  return (keyword.exec(sql.slice(i))?.[0] ?? '').toUpperCase()
}

/**
 * The SQL after `EXPLAIN [ANALYZE|ANALYSE] [( ... )]`, or `undefined` when `sql` does not start
 * that way (then the caller refuses it).
 *
 * @example
 * explainTarget('EXPLAIN ANALYZE SELECT 1') // ' SELECT 1'
 */
export function explainTarget(sql: string): string | undefined {
  let i = skipTrivia(sql, 0)
  if (wordAt(sql, i) !== 'EXPLAIN') return undefined
  i = skipTrivia(sql, i + 'EXPLAIN'.length)
  const next = wordAt(sql, i)
  if (next === 'ANALYZE' || next === 'ANALYSE') i = skipTrivia(sql, i + next.length)
  if (sql[i] === '(') {
    // Option lists are plain words and commas, e.g. (FORMAT json); anything else is refused.
    const close = sql.indexOf(')', i)
    if (close === -1 || !/^[\w\s,]*$/.test(sql.slice(i + 1, close))) return undefined
    i = close + 1
  }
  const rest = sql.slice(i)
  return rest.trim() === '' ? undefined : rest
}
