/**
 * The failure rates the incident page charts: the incident's service and the services linked to
 * it in the dependency map (the same hops as the correlation), each against its own baseline,
 * the most abnormal first, at most `limit` of them, the incident's own service always among them.
 */
import {
  failureRateLookbackMinutes,
  failureRates,
  failureRateSpans,
  type ServiceFailureRate,
} from '../analysis/failure-baseline.ts'
import type { DashboardDb } from '../db/dashboard-db.ts'
import { rowObjects } from '../db/run-query.ts'
import type { ServiceMap } from '../../transforms/service-map.ts'
import { relatedServices } from './correlation-sql.ts'
import { dataExtent } from './data-extent.ts'
import { failureSeriesSql } from './failure-series-sql.ts'
import type { Row } from './incident-detail.ts'

export interface FailureBaselineOptions {
  map: ServiceMap
  hops: number
  /** Most services returned; default 3. */
  limit?: number
}

/**
 * @example
 * const rates = await failureBaselines(db, detail.incident, { map, hops: 2 })
 */
export async function failureBaselines(
  db: DashboardDb,
  incident: Row,
  o: FailureBaselineOptions,
): Promise<ServiceFailureRate[]> {
  const own = typeof incident.service === 'string' ? incident.service : null
  const services = relatedServices(o.map, own, o.hops).map((r) => r.service)
  if (services.length === 0) return []
  const t = Date.parse(String(incident.event_time))
  if (!Number.isFinite(t)) throw new Error(`invalid event_time: ${String(incident.event_time)}`)
  const q = failureSeriesSql(
    t,
    services,
    failureRateLookbackMinutes,
    failureRateSpans.shownAfterMinutes,
  )
  const rows = rowObjects(await db.query(q.sql, q.params))
  const minutes = rows.map((r) => ({
    service: String(r.service),
    minute: Number(r.minute),
    failures: Number(r.failures),
  }))
  // Minutes before the data began are no evidence of quiet.
  const dataFrom = (await dataExtent(db)).min ?? t
  const rates = failureRates(minutes, t, dataFrom, services)
  const limit = o.limit ?? 3
  const top = rates.slice(0, limit)
  const ownRate = rates.find((r) => r.service === own)
  return ownRate && !top.includes(ownRate) ? [...top.slice(0, limit - 1), ownRate] : top
}
