/**
 * One incident and the incidents correlated with it: events of the same service and of the
 * services linked to it in the dependency map (up to N hops, 2 by default) within ±M minutes (30
 * by default), events without a service tied to one of them through their `system_id`, and every
 * event of the same incident id (see `correlation-sql.ts`). Each correlated row says why it was
 * picked (`reasons`: same_service, upstream, downstream, same_incident), how many hops away its
 * service is, and the service its system tied it to. An id may be an event id or an incident id
 * (`INC-` + 8 hex); for an incident id the primary is that incident's first event.
 */
import type { ServiceMap } from '../../transforms/service-map.ts'
import type { DashboardDb } from '../db/dashboard-db.ts'
import type { JsonSafe } from '../db/json-safe.ts'
import { rowObjects } from '../db/run-query.ts'
import { tableColumns } from '../db/table-columns.ts'
import { NotFoundError } from '../errors.ts'
import type { IncidentBundleInput } from '../analysis/incident-row.ts'
import { type CorrelationReason, correlationSql, relatedServices } from './correlation-sql.ts'
import { incidentAnomalies } from './incident-anomalies.ts'
import type { SqlFragment } from './sql-fragment.ts'

export type { CorrelationReason } from './correlation-sql.ts'

export type Row = Record<string, JsonSafe>

export interface CorrelatedRow extends Row {
  /** Why the row is correlated; a map relation and `same_incident` can come together. */
  reasons: CorrelationReason[]
  /** Hops from the primary's service to the row's service along the map; null when unrelated. */
  hops: number | null
  /** For a row without a service: the service its `system_id` tied it to. */
  linked_service: string | null
}

export interface IncidentDetail {
  incident: Row
  correlated: CorrelatedRow[]
  window_minutes: number
  hops: number
  /** True when more rows matched than the cap: the closest ones were kept. */
  truncated: boolean
}

export interface CorrelationOptions {
  windowMinutes: number
  hops: number
  map: ServiceMap
  /** Most correlated rows; default 500. */
  limit?: number
}

const columns = tableColumns('incidents')
  .map((c) => c.name)
  .join(', ')

export function findIncidentSql(id: string): SqlFragment {
  return {
    sql: `SELECT ${columns} FROM incidents WHERE event_id = ? OR incident_id = ?
      ORDER BY (event_id = ?) DESC, event_time, event_id LIMIT 1`,
    params: [id, id, id],
  }
}

const reasonOf = (relation: JsonSafe): CorrelationReason | undefined =>
  relation === 'same'
    ? 'same_service'
    : relation === 'upstream' || relation === 'downstream'
      ? relation
      : undefined

/**
 * @example
 * const detail = await incidentDetail(db, 'INC-1A2B3C4D', { windowMinutes: 30, hops: 2, map })
 */
export async function incidentDetail(
  db: DashboardDb,
  id: string,
  options: CorrelationOptions,
): Promise<IncidentDetail> {
  const limit = options.limit ?? 500
  const find = findIncidentSql(id)
  const [incident] = rowObjects(await db.query(find.sql, find.params))
  if (!incident)
    throw new NotFoundError(`no incident with event id or incident id ${JSON.stringify(id)}`)
  const service = typeof incident.service === 'string' ? incident.service : null
  const q = correlationSql(
    {
      event_id: String(incident.event_id),
      event_time: Date.parse(String(incident.event_time)),
      incident_id: typeof incident.incident_id === 'string' ? incident.incident_id : null,
    },
    relatedServices(options.map, service, options.hops),
    { windowMinutes: options.windowMinutes, hops: options.hops, limit: limit + 1 },
  )
  const rows = rowObjects(await db.query(q.sql, q.params))
  const correlated = rows
    .slice(0, limit)
    .map(({ same_incident, relation, hops, linked_service, ...row }): CorrelatedRow => {
      const reasons: CorrelationReason[] = []
      const mapReason = reasonOf(relation ?? null)
      if (mapReason) reasons.push(mapReason)
      if (same_incident === true) reasons.push('same_incident')
      return {
        ...row,
        reasons,
        hops: mapReason ? Number(hops) : null,
        linked_service: typeof linked_service === 'string' ? linked_service : null,
      }
    })
    .sort(
      (a, b) =>
        Date.parse(String(a.event_time)) - Date.parse(String(b.event_time)) ||
        String(a.event_id).localeCompare(String(b.event_id)),
    )
  return {
    incident,
    correlated,
    window_minutes: options.windowMinutes,
    hops: options.hops,
    truncated: rows.length > limit,
  }
}

/**
 * The analysis routes' `loadBundle`: the incident, its correlated rows and the abnormal failures
 * around it (`incident-anomalies.ts`, their rows added to the correlated ones), or `undefined`
 * for an unknown id.
 *
 * @example
 * analysisRoutes({ loadBundle: bundleLoader(db, { windowMinutes: 30, hops: 2, map }), analyzer })
 */
export function bundleLoader(
  db: DashboardDb,
  options: CorrelationOptions,
): (id: string) => Promise<IncidentBundleInput | undefined> {
  return async (id) => {
    try {
      const d = await incidentDetail(db, id, options)
      const { anomalies, rows } = await incidentAnomalies(db, d.incident, options)
      // A burst row already correlated is dropped by `normalizeBundle`, which keeps the first.
      const added = rows.map((r) => ({ ...r, reasons: ['anomaly'] }))
      return { primary: d.incident, correlated: [...d.correlated, ...added], anomalies }
    } catch (err) {
      if (err instanceof NotFoundError) return undefined
      throw err
    }
  }
}
