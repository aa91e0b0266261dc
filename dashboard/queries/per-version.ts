/**
 * Memoisation per view version: results that can only change when a manifest does (the data
 * extent, the live feed's high-water marks, one live batch) are computed once per database, view
 * version and key, and shared by every request until the next commit.
 */
import type { DashboardDb } from '../db/dashboard-db.ts'

const maxEntries = 256

/**
 * @example
 * const extent = perVersion((db) => db.query('SELECT max(event_time) FROM incidents'))
 * await extent(db) // runs the query; a second call before the next commit does not
 */
export function perVersion<A extends unknown[], T>(
  compute: (db: DashboardDb, ...args: A) => Promise<T>,
  key: (...args: A) => string = () => '',
): (db: DashboardDb, ...args: A) => Promise<T> {
  const cache = new WeakMap<DashboardDb, { version: number; entries: Map<string, Promise<T>> }>()
  return async (db, ...args) => {
    await db.views.ensureFresh()
    let slot = cache.get(db)
    if (!slot || slot.version !== db.views.version || slot.entries.size >= maxEntries) {
      slot = { version: db.views.version, entries: new Map() }
      cache.set(db, slot)
    }
    const k = key(...args)
    const hit = slot.entries.get(k)
    if (hit) return hit
    const value = compute(db, ...args)
    const entries = slot.entries
    entries.set(k, value)
    // A failure is not cached: the next caller tries again.
    value.catch(() => entries.delete(k))
    return value
  }
}
