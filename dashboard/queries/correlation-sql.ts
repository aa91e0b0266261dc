/**
 * The SQL of correlation by dependency map. Around a primary incident it picks, within ± a
 * window: events of the same service, events of services linked to it in the map (upstream or
 * downstream, up to some hops), events without a service whose `system_id` belongs to one of those
 * services in the same window (security breaches and data corruption name no service), and every
 * event of the same incident id. The related services travel as a bound VALUES list; the relation
 * of each row and its hop count come back as columns. When there are more rows than the cap, the
 * same incident id, then the fewest hops, then the closest in time are kept. Pure.
 */
import type { SqlParam } from '../db/run-query.ts'
import { tableColumns } from '../db/table-columns.ts'
import type { ServiceMap } from '../../transforms/service-map.ts'
import { eventTimeWithin, type SqlFragment } from './sql-fragment.ts'

/** Why a row is correlated with the primary incident. */
export type CorrelationReason = 'same_service' | 'upstream' | 'downstream' | 'same_incident'

/** A service the primary's service relates to, as bound into the query. */
export interface RelatedService {
  service: string
  relation: 'same' | 'upstream' | 'downstream'
  hops: number
}

export interface CorrelationQueryOptions {
  /** ± minutes around the primary's event time. */
  windowMinutes: number
  /** Most hops along the map to a related service; 0 keeps the same service only. */
  hops: number
  /** Most correlated rows returned. */
  limit: number
}

const minute = 60_000
const columns = tableColumns('incidents')
  .map((c) => `i.${c.name}`)
  .join(', ')

/**
 * The primary's service and its map neighbours within `hops`; none for an incident without one.
 *
 * @example
 * relatedServices(map, 'payment-service', 1) // [{ service: 'payment-service', relation: 'same', hops: 0 }, ...]
 */
export function relatedServices(
  map: ServiceMap,
  service: string | null,
  hops: number,
): RelatedService[] {
  if (service === null) return []
  return [
    { service, relation: 'same', hops: 0 },
    ...map.neighbours(service, hops).map((n) => ({
      service: n.service,
      relation: n.direction,
      hops: n.hops,
    })),
  ]
}

/**
 * @example
 * const q = correlationSql(primary, relatedServices(map, 'database', 2), { windowMinutes: 30, hops: 2, limit: 500 })
 * await db.query(q.sql, q.params)
 */
export function correlationSql(
  primary: { event_id: string; event_time: number; incident_id: string | null },
  related: readonly RelatedService[],
  o: CorrelationQueryOptions,
): SqlFragment {
  const from = primary.event_time - o.windowMinutes * minute
  const to = primary.event_time + o.windowMinutes * minute
  const params: SqlParam[] = []
  const bind = (...values: SqlParam[]): string => {
    params.push(...values)
    return values.map(() => '?').join(', ')
  }
  const window = (t: string): string => {
    const w = eventTimeWithin(from, to, t)
    params.push(...w.params)
    return w.sql
  }
  // A placeholder row that matches nothing keeps the VALUES list valid when there is no service.
  const rows = related.length > 0 ? related : [{ service: null, relation: null, hops: null }]
  const values = rows
    .map((r) => {
      params.push(r.service, r.relation, r.hops)
      return '(CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS INTEGER))'
    })
    .join(', ')
  const nearWindow = window('i')
  const linkedWindow = window('i')
  const sameIncident = bind(primary.incident_id)
  const excluded = bind(primary.event_id)
  const incident = bind(primary.incident_id)
  const keepFirst = bind(primary.incident_id)
  const closeTo = bind(primary.event_time)
  const limit = bind(o.limit)
  const sql = `WITH rel(rel_service, relation, hops) AS (VALUES ${values}),
    near AS (
      SELECT i.event_id, i.system_id, r.rel_service, r.relation, r.hops
      FROM incidents i JOIN rel r ON i.service = r.rel_service
      WHERE ${nearWindow}
    ),
    systems AS (
      SELECT system_id, arg_min(rel_service, hops) AS linked_service,
        arg_min(relation, hops) AS relation, min(hops) AS hops
      FROM near WHERE system_id IS NOT NULL GROUP BY system_id
    ),
    linked AS (
      SELECT i.event_id, s.linked_service, s.relation, s.hops
      FROM incidents i JOIN systems s ON i.system_id = s.system_id
      WHERE i.service IS NULL AND ${linkedWindow}
    )
    SELECT ${columns},
      coalesce(i.incident_id = ${sameIncident}, false) AS same_incident,
      coalesce(n.relation, l.relation) AS relation,
      coalesce(n.hops, l.hops) AS hops,
      l.linked_service AS linked_service
    FROM incidents i
      LEFT JOIN near n ON n.event_id = i.event_id
      LEFT JOIN linked l ON l.event_id = i.event_id
    WHERE i.event_id <> ${excluded}
      AND (i.incident_id = ${incident} OR n.event_id IS NOT NULL OR l.event_id IS NOT NULL)
    ORDER BY coalesce(i.incident_id = ${keepFirst}, false) DESC, coalesce(n.hops, l.hops) NULLS LAST,
      abs(epoch_ms(i.event_time) - CAST(${closeTo} AS BIGINT)), i.event_id
    LIMIT ${limit}`
  return { sql, params }
}
