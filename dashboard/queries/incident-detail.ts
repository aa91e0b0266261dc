/**
 * One incident and the incidents correlated with it, as the original dashboard did: events of
 * the same service within ±N minutes (30 by default), plus every event of the same incident id.
 * Each correlated row says why it was picked, for the "why correlated" column and the analysis.
 * An id may be an event id or an incident id (`INC-` + 8 hex); for an incident id the primary is
 * that incident's first event.
 */
import type { DashboardDb } from '../db/dashboard-db.ts'
import type { JsonSafe } from '../db/json-safe.ts'
import { rowObjects } from '../db/run-query.ts'
import { NotFoundError } from '../errors.ts'
import { tableColumns } from '../db/table-columns.ts'
import type { SqlFragment } from './sql-fragment.ts'

export type Row = Record<string, JsonSafe>

export interface CorrelatedRow extends Row {
  /** Why the row is correlated: `same_incident`, `same_service`, or both. */
  reasons: string[]
}

export interface IncidentDetail {
  incident: Row
  correlated: CorrelatedRow[]
  window_minutes: number
}

const columns = tableColumns('incidents')
  .map((c) => c.name)
  .join(', ')
const minute = 60_000

export function findIncidentSql(id: string): SqlFragment {
  return {
    sql: `SELECT ${columns} FROM incidents WHERE event_id = ? OR incident_id = ?
      ORDER BY (event_id = ?) DESC, event_time, event_id LIMIT 1`,
    params: [id, id, id],
  }
}

export function correlatedSql(primary: Row, windowMinutes: number, limit: number): SqlFragment {
  const t = Date.parse(String(primary.event_time))
  const from = t - windowMinutes * minute
  const to = t + windowMinutes * minute
  const service = (primary.service ?? null) as string | null
  const incident = (primary.incident_id ?? null) as string | null
  const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10)
  const nearSql = `service = ? AND event_time BETWEEN epoch_ms(CAST(? AS BIGINT)) AND epoch_ms(CAST(? AS BIGINT))
    AND date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)`
  return {
    sql: `SELECT ${columns},
        coalesce(incident_id = ?, false) AS same_incident,
        coalesce(${nearSql}, false) AS same_service
      FROM incidents
      WHERE event_id <> ? AND (incident_id = ? OR (${nearSql}))
      ORDER BY event_time, event_id LIMIT ?`,
    params: [
      incident,
      service,
      from,
      to,
      day(from),
      day(to),
      String(primary.event_id),
      incident,
      service,
      from,
      to,
      day(from),
      day(to),
      limit,
    ],
  }
}

/**
 * @example
 * const detail = await incidentDetail(db, 'INC-1A2B3C4D', { windowMinutes: 30 })
 */
export async function incidentDetail(
  db: DashboardDb,
  id: string,
  options: { windowMinutes: number; limit?: number },
): Promise<IncidentDetail> {
  const find = findIncidentSql(id)
  const [incident] = rowObjects(await db.query(find.sql, find.params))
  if (!incident)
    throw new NotFoundError(`no incident with event id or incident id ${JSON.stringify(id)}`)
  const q = correlatedSql(incident, options.windowMinutes, options.limit ?? 500)
  const correlated = rowObjects(await db.query(q.sql, q.params)).map(
    ({ same_incident, same_service, ...row }) => ({
      ...row,
      reasons: [same_incident && 'same_incident', same_service && 'same_service'].filter(
        (r): r is string => typeof r === 'string',
      ),
    }),
  )
  return { incident, correlated, window_minutes: options.windowMinutes }
}

/**
 * The analysis routes' `loadBundle`: the incident and its correlated rows, or `undefined` for an
 * unknown id.
 *
 * @example
 * analysisRoutes({ loadBundle: bundleLoader(db, 30), analyzer })
 */
export function bundleLoader(
  db: DashboardDb,
  windowMinutes: number,
): (id: string) => Promise<{ primary: Row; correlated: CorrelatedRow[] } | undefined> {
  return async (id) => {
    try {
      const d = await incidentDetail(db, id, { windowMinutes })
      return { primary: d.incident, correlated: d.correlated }
    } catch (err) {
      if (err instanceof NotFoundError) return undefined
      throw err
    }
  }
}
