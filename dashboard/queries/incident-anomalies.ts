/**
 * The abnormal failures around an incident, for the root-cause analysis: the anomaly keys of the
 * incident's service and the services linked to it in the dependency map (the same hops as the
 * correlation), scored against their own baselines (`analysis/key-anomalies.ts`), the strongest
 * `maxKeys`, and the rows of their bursts. A burst row without a service carries the service its
 * system tied it to as `linked_service`, so it is never shown as unattributed when the data
 * links it.
 */
import { keyAnomalies, type KeyAnomaly, type KeyCounts } from '../analysis/key-anomalies.ts'
import type { DashboardDb } from '../db/dashboard-db.ts'
import { rowObjects } from '../db/run-query.ts'
import { tableColumns } from '../db/table-columns.ts'
import type { ServiceMap } from '../../transforms/service-map.ts'
import { anomalyKeysSql } from './anomaly-keys-sql.ts'
import { relatedServices } from './correlation-sql.ts'
import { dataExtent } from './data-extent.ts'
import type { Row } from './incident-detail.ts'
import { eventTimeWithin } from './sql-fragment.ts'

const minute = 60_000

/** The spans in minutes around the incident, and the limits. */
export const anomalySpans = {
  baselineMinutes: 60,
  bucketMinutes: 5,
  recentBeforeMinutes: 15,
  recentAfterMinutes: 2,
  /** Fewest recent failures a key needs to be scored. */
  minRecent: 2,
  /** Most recent failures of one key scanned for its burst. */
  maxRecent: 60,
  /**
   * About 1 in 300 under the key's baseline: weak on its own, as hundreds of keys are tested,
   * but it shows how a strong anomaly spreads (`analysis/rank-anomalies.ts`).
   */
  minScore: 2.5,
  /**
   * About 1 in 15, for the incident reports of the incident's own service: the incident is
   * abnormal already, and only its few categories are tested.
   */
  ownReportMinScore: 1.2,
  maxKeys: 40,
}

export interface IncidentAnomalies {
  anomalies: KeyAnomaly[]
  /** The rows of the bursts, oldest first. */
  rows: Row[]
}

const columns = tableColumns('incidents')
  .map((c) => c.name)
  .join(', ')

/**
 * @example
 * const { anomalies, rows } = await incidentAnomalies(db, detail.incident, { map, hops: 2 })
 */
export async function incidentAnomalies(
  db: DashboardDb,
  incident: Row,
  o: { map: ServiceMap; hops: number },
): Promise<IncidentAnomalies> {
  const own = typeof incident.service === 'string' ? incident.service : null
  const services = relatedServices(o.map, own, o.hops).map((r) => r.service)
  const t = Date.parse(String(incident.event_time))
  if (services.length === 0 || !Number.isFinite(t)) return { anomalies: [], rows: [] }
  const s = anomalySpans
  const recentFrom = t - s.recentBeforeMinutes * minute
  const span = {
    baselineFrom: recentFrom - s.baselineMinutes * minute,
    recentFrom,
    recentTo: t + s.recentAfterMinutes * minute,
    minRecent: s.minRecent,
    maxRecent: s.maxRecent,
    ownService: own,
  }
  const q = anomalyKeysSql(services, span)
  const counts = rowObjects(await db.query(q.sql, q.params)).map((r): KeyCounts => ({
    service: String(r.service),
    system_id: typeof r.system_id === 'string' ? r.system_id : null,
    category: typeof r.category === 'string' ? r.category : null,
    linked: r.linked === true,
    baseline: (r.baseline as number[]).map(Number),
    recent: (r.recent as { ms: number; event_id: string }[]).map((e) => ({
      ms: Number(e.ms),
      event_id: String(e.event_id),
    })),
  }))
  const dataFrom = (await dataExtent(db)).min ?? span.baselineFrom
  const minScore = (k: KeyCounts): number =>
    k.service === own && k.system_id === null ? s.ownReportMinScore : s.minScore
  const anomalies = keyAnomalies(counts, {
    ...span,
    bucketMinutes: s.bucketMinutes,
    dataFrom,
    minScore,
  }).slice(0, s.maxKeys)
  return { anomalies, rows: await burstRows(db, anomalies, span) }
}

async function burstRows(
  db: DashboardDb,
  anomalies: readonly KeyAnomaly[],
  span: { recentFrom: number; recentTo: number },
): Promise<Row[]> {
  const serviceOf = new Map<string, string>()
  for (const a of anomalies) for (const id of a.event_ids) serviceOf.set(id, a.service)
  if (serviceOf.size === 0) return []
  const ids = [...serviceOf.keys()]
  const within = eventTimeWithin(span.recentFrom, span.recentTo)
  const rows = rowObjects(
    await db.query(
      `SELECT ${columns} FROM incidents
      WHERE event_id IN (${ids.map(() => '?').join(', ')}) AND ${within.sql}
      ORDER BY event_time, event_id`,
      [...ids, ...within.params],
    ),
  )
  return rows.map((r) => ({
    ...r,
    linked_service:
      typeof r.service === 'string' ? null : (serviceOf.get(String(r.event_id)) ?? null),
  }))
}
