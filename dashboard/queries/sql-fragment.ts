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

/**
 * `event_time` from `from` to `to` (epoch ms, both inclusive), with the hive `date` column
 * bounded to the same days so DuckDB skips the other partitions; `table` qualifies both columns.
 *
 * @example
 * eventTimeWithin(t - 60_000, t, 'i') // i.event_time BETWEEN … AND i.date BETWEEN …
 */
export function eventTimeWithin(from: number, to: number, table?: string): SqlFragment {
  const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10)
  const c = table === undefined ? '' : `${table}.`
  return frag(
    `${c}event_time BETWEEN epoch_ms(CAST(? AS BIGINT)) AND epoch_ms(CAST(? AS BIGINT))
      AND ${c}date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)`,
    from,
    to,
    day(from),
    day(to),
  )
}
