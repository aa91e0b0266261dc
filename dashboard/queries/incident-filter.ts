/**
 * The filter shared by the incident list, the KPIs, the charts and the live feed: a half-open
 * time range [from, to) in epoch ms, levels, service, category and free text. Text matches the
 * message case-insensitively and literally (`%` and `_` are escaped, then bound). The time range
 * also constrains the hive `date` column, so DuckDB skips whole partitions.
 */
import { frag, where, type SqlFragment } from './sql-fragment.ts'

export const levels = ['INFO', 'WARNING', 'ERROR'] as const
export type Level = (typeof levels)[number]

export interface IncidentFilter {
  from?: number
  to?: number
  levels?: readonly Level[]
  service?: string
  category?: string
  text?: string
}

const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

/** Escapes LIKE wildcards so user text matches literally (with `ESCAPE '\'`). */
export function likeLiteral(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/** Time-range conditions on `column`, plus partition pruning on `date`. */
export function timeRange(column: string, from?: number, to?: number): (SqlFragment | undefined)[] {
  return [
    from === undefined ? undefined : frag(`${column} >= epoch_ms(CAST(? AS BIGINT))`, from),
    to === undefined ? undefined : frag(`${column} < epoch_ms(CAST(? AS BIGINT))`, to),
    from === undefined ? undefined : frag('date >= CAST(? AS DATE)', isoDate(from)),
    to === undefined ? undefined : frag('date <= CAST(? AS DATE)', isoDate(to - 1)),
  ]
}

/**
 * @example
 * incidentWhere({ levels: ['ERROR'], text: '50%' })
 * // { sql: "WHERE (level IN (?)) AND (message ILIKE ? ESCAPE '\\')", params: ['ERROR', '%50\\%%'] }
 */
export function incidentWhere(
  filter: IncidentFilter,
  extra: (SqlFragment | undefined)[] = [],
): SqlFragment {
  const lv = filter.levels?.length ? filter.levels : undefined
  return where([
    ...timeRange('event_time', filter.from, filter.to),
    lv && frag(`level IN (${lv.map(() => '?').join(', ')})`, ...lv),
    filter.service ? frag('service = ?', filter.service) : undefined,
    filter.category ? frag('category = ?', filter.category) : undefined,
    filter.text ? frag(`message ILIKE ? ESCAPE '\\'`, likeLiteral(filter.text)) : undefined,
    ...extra,
  ])
}
