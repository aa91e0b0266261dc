/**
 * Reads the alerts the pipeline committed through the dashboard's own `alerts` view, with times
 * as epoch ms, for the alert scoring. All of them: a capped read would score a part silently.
 */
import type { DashboardDb } from '../dashboard/db/dashboard-db.ts'
import type { AlertState } from '../transforms/index.ts'
import type { ScoredAlert } from './score-alerts.ts'

const states: readonly unknown[] = ['fired', 'updated', 'resolved'] satisfies AlertState[]
function parseState(value: unknown): AlertState {
  if (!states.includes(value)) throw new Error(`unknown alert state: ${String(value)}`)
  return value as AlertState
}

/**
 * @example
 * const alerts = await readAlerts(db)
 */
export async function readAlerts(db: DashboardDb): Promise<ScoredAlert[]> {
  const result = await db.query(
    `SELECT rule, key, state, epoch_ms(window_start), epoch_ms(window_end), epoch_ms(fired_at),
       sample_event_ids
     FROM alerts ORDER BY fired_at, rule, key`,
  )
  if (result.truncated) throw new Error(`more than ${result.rowCount} alerts: the read was capped`)
  return result.rows.map(([rule, key, state, start, end, fired, samples]) => ({
    rule: String(rule),
    key: String(key),
    state: parseState(state),
    window_start: Number(start),
    window_end: Number(end),
    fired_at: Number(fired),
    sample_event_ids: Array.isArray(samples) ? samples.map(String) : [],
  }))
}
