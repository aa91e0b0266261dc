/**
 * A SQL fragment is text with `?` placeholders plus the values bound to them, in order. Query
 * builders compose fragments, so values always travel as parameters and never enter the text.
 */
import type { SqlParam } from '../db/run-query.ts'

export interface SqlFragment {
  sql: string
  params: SqlParam[]
}

/** `sql` with its values. */
export function frag(sql: string, ...params: SqlParam[]): SqlFragment {
  return { sql, params }
}

/** Joins the defined fragments with AND into a WHERE clause ('' when there are none). */
export function where(parts: readonly (SqlFragment | undefined | false)[]): SqlFragment {
  const present = parts.filter((p): p is SqlFragment => Boolean(p))
  if (present.length === 0) return frag('')
  return {
    sql: `WHERE ${present.map((p) => `(${p.sql})`).join(' AND ')}`,
    params: present.flatMap((p) => p.params),
  }
}

/** Concatenates fragments with spaces. */
export function join(...parts: SqlFragment[]): SqlFragment {
  return { sql: parts.map((p) => p.sql).join(' '), params: parts.flatMap((p) => p.params) }
}
