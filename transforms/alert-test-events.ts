/** Incidents for the alert rule tests: ERROR events of the database service, minutes after 03:00. */
import type { AlertInput } from './alert-record.ts'

export const H3 = Date.UTC(2026, 10, 28, 3)
export const MIN = 60_000
let ids = 0

/**
 * @example
 * errorEvent(2, { service: 'cdn' }) // an ERROR of cdn at 03:02
 */
export const errorEvent = (minute: number, fields: Partial<AlertInput> = {}): AlertInput => ({
  event_id: `e${String(++ids).padStart(4, '0')}`,
  event_time: H3 + minute * MIN,
  level: 'ERROR',
  action: 'critical_incident',
  severity_normalized: 'critical',
  service: 'database',
  category: null,
  system_id: null,
  ...fields,
})
