/**
 * The earliest and latest committed event time, and the services and categories seen. Both only
 * change when a manifest does, so each is computed once per view version and shared by every
 * request until the next commit. Choices come from the small hourly-summary table rather than
 * from a scan of every incident.
 */
import type { JsonSafe } from '../db/json-safe.ts'
import { rowObjects } from '../db/run-query.ts'
import { perVersion } from './per-version.ts'

export interface Extent {
  min: number | null
  max: number | null
}

export interface FilterChoices {
  services: string[]
  categories: string[]
}

const ms = (v: JsonSafe | undefined): number | null =>
  typeof v === 'string' ? Date.parse(v) : null

/**
 * @example
 * const { min, max } = await dataExtent(db)
 */
export const dataExtent = perVersion(async (db): Promise<Extent> => {
  const [row] = rowObjects(
    await db.query('SELECT min(event_time) AS min, max(event_time) AS max FROM incidents'),
  )
  return { min: ms(row?.min), max: ms(row?.max) }
})

/**
 * @example
 * const { services } = await filterChoices(db)
 */
export const filterChoices = perVersion(async (db): Promise<FilterChoices> => {
  const rows = rowObjects(
    await db.query(`SELECT DISTINCT 'service' AS k, service AS v FROM hourly_summary WHERE service IS NOT NULL
      UNION SELECT DISTINCT 'category', category FROM hourly_summary WHERE category IS NOT NULL
      ORDER BY 1, 2 LIMIT 1000`),
  )
  const of = (k: string): string[] => rows.filter((r) => r.k === k).map((r) => String(r.v))
  return { services: of('service'), categories: of('category') }
})
