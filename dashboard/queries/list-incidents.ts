/**
 * The incident list: newest first, filtered by `IncidentFilter`, paginated by keyset on
 * (event_time, event_id), so a page is as cheap deep in the history as at the top and stays
 * stable while new files are committed. The cursor is opaque to clients (base64url JSON).
 */
import type { DashboardDb } from '../db/dashboard-db.ts'
import type { JsonSafe } from '../db/json-safe.ts'
import { rowObjects } from '../db/run-query.ts'
import { InvalidInputError } from '../errors.ts'
import { dataExtent } from './data-extent.ts'
import { incidentWhere, type IncidentFilter } from './incident-filter.ts'
import { frag, type SqlFragment } from './sql-fragment.ts'

/** Columns of the list view; the detail view returns every column. */
export const listColumns = [
  'event_id',
  'event_time',
  'level',
  'action',
  'message',
  'incident_id',
  'service',
  'category',
  'severity_normalized',
  'lifecycle_stage',
  'affected_users',
  'duration_minutes',
] as const

export interface PageRequest {
  limit: number
  cursor?: string
}

export interface IncidentPage {
  items: Record<string, JsonSafe>[]
  next_cursor: string | null
}

interface Cursor {
  t: number
  id: string
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.t, c.id])).toString('base64url')
}

export function decodeCursor(text: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
    if (Array.isArray(value) && Number.isFinite(value[0]) && typeof value[1] === 'string') {
      return { t: value[0] as number, id: value[1] }
    }
  } catch {
    // fall through to the typed error below
  }
  throw new InvalidInputError('invalid cursor: pass next_cursor from a previous page unchanged')
}

/** SQL of one page; fetches one extra row to know whether there is a next page. */
export function listIncidentsSql(filter: IncidentFilter, page: PageRequest): SqlFragment {
  const c = page.cursor === undefined ? undefined : decodeCursor(page.cursor)
  const after =
    c &&
    frag(
      'event_time < epoch_ms(CAST(? AS BIGINT)) OR (event_time = epoch_ms(CAST(? AS BIGINT)) AND event_id < ?)',
      c.t,
      c.t,
      c.id,
    )
  const w = incidentWhere(filter, [after])
  return {
    sql: `SELECT ${listColumns.join(', ')} FROM incidents ${w.sql} ORDER BY event_time DESC, event_id DESC LIMIT ?`,
    params: [...w.params, page.limit + 1],
  }
}

const hour = 3_600_000

/**
 * Pages through a growing time window ending at the upper bound (1 hour, then 16× wider each
 * time) until it holds more than a page or covers the whole range. DuckDB's top-N does not
 * defer reading the wide columns, so one pass over 10M rows costs seconds, while the newest
 * hour, pruned by partition and row-group statistics, costs milliseconds.
 *
 * @example
 * const page = await listIncidents(db, { levels: ['ERROR'] }, { limit: 50 })
 */
export async function listIncidents(
  db: DashboardDb,
  filter: IncidentFilter,
  page: PageRequest,
): Promise<IncidentPage> {
  const extent = await dataExtent(db)
  if (extent.min === null || extent.max === null) return { items: [], next_cursor: null }
  const c = page.cursor === undefined ? undefined : decodeCursor(page.cursor)
  // The keyset condition keeps ties at the cursor's time exact; the window only has to reach it.
  const upper = Math.min(filter.to ?? Infinity, c ? c.t + 1 : Infinity, extent.max + 1)
  const lower = Math.max(filter.from ?? -Infinity, extent.min)
  let items: Record<string, JsonSafe>[]
  for (let width = hour; ; width *= 16) {
    const from = Math.max(lower, upper - width)
    const q = listIncidentsSql({ ...filter, from, to: upper }, page)
    items = rowObjects(await db.query(q.sql, q.params))
    if (items.length > page.limit || from <= lower) break
  }
  const more = items.length > page.limit
  if (more) items.length = page.limit
  const last = items.at(-1)
  return {
    items,
    next_cursor:
      more && last
        ? encodeCursor({ t: Date.parse(String(last.event_time)), id: String(last.event_id) })
        : null,
  }
}
