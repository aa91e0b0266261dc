/**
 * The position of a live-feed client: for incidents, the highest source offset seen per source
 * partition (the topology writes each offset exactly once, so "offset above the cursor" means
 * "committed after the client last looked", even for late events with old event times); for
 * alerts, the last (fired_at, alert_id) seen. The cursor travels as the SSE event id (base64url
 * JSON), so a reconnecting browser resumes where it stopped.
 */
import type { DashboardDb } from '../db/dashboard-db.ts'
import type { JsonSafe } from '../db/json-safe.ts'
import { rowObjects } from '../db/run-query.ts'
import { InvalidInputError } from '../errors.ts'
import { incidentWhere, type IncidentFilter } from './incident-filter.ts'
import { listColumns } from './list-incidents.ts'
import { perVersion } from './per-version.ts'
import { frag, where, type SqlFragment } from './sql-fragment.ts'

export interface LiveCursor {
  /** [partition, highest offset seen] pairs. */
  offsets: [number, number][]
  /** [fired_at epoch ms, alert_id] of the newest alert seen, or null for none. */
  alert: [number, string] | null
}

export function encodeLiveCursor(c: LiveCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url')
}

export function decodeLiveCursor(text: string): LiveCursor {
  try {
    const v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as LiveCursor
    const pairOk = (p: unknown): boolean =>
      Array.isArray(p) && p.length === 2 && Number.isInteger(p[0]) && Number.isInteger(p[1])
    const alertOk =
      v.alert === null ||
      (Array.isArray(v.alert) && Number.isFinite(v.alert[0]) && typeof v.alert[1] === 'string')
    if (
      Array.isArray(v.offsets) &&
      v.offsets.length <= 10_000 &&
      v.offsets.every(pairOk) &&
      alertOk
    )
      return v
  } catch {
    // fall through to the typed error below
  }
  throw new InvalidInputError('invalid live cursor')
}

/** Rows beyond the cursor: an offset above the partition's mark, or an unseen partition. */
export function beyondOffsets(offsets: readonly [number, number][]): SqlFragment {
  if (offsets.length === 0) return frag('true')
  const seen = offsets.map(() => '(source_partition = ? AND source_offset > ?)').join(' OR ')
  return frag(
    `${seen} OR source_partition NOT IN (${offsets.map(() => '?').join(', ')})`,
    ...offsets.flat(),
    ...offsets.map(([p]) => p),
  )
}

/** Incidents committed after `from` and up to `to`, newest first. */
export function newIncidentsSql(
  from: LiveCursor,
  to: LiveCursor,
  filter: IncidentFilter,
  limit: number,
): SqlFragment {
  const upTo = beyondOffsets(to.offsets)
  const w = incidentWhere(filter, [
    beyondOffsets(from.offsets),
    frag(`NOT (${upTo.sql})`, ...upTo.params),
  ])
  return {
    sql: `SELECT ${listColumns.join(', ')} FROM incidents ${w.sql} ORDER BY event_time DESC, event_id DESC LIMIT ?`,
    params: [...w.params, limit],
  }
}

const alertAfter = (a: [number, string]): SqlFragment =>
  frag(
    'fired_at > epoch_ms(CAST(? AS BIGINT)) OR (fired_at = epoch_ms(CAST(? AS BIGINT)) AND alert_id > ?)',
    a[0],
    a[0],
    a[1],
  )

/** Alerts fired after `from` and up to `to`. */
export function newAlertsSql(from: LiveCursor, to: LiveCursor, limit: number): SqlFragment {
  const upTo = to.alert ? alertAfter(to.alert) : undefined
  const w = where([
    from.alert ? alertAfter(from.alert) : undefined,
    upTo ? frag(`NOT (${upTo.sql})`, ...upTo.params) : frag('false'),
  ])
  return {
    sql: `SELECT * EXCLUDE (date, hour) FROM alerts ${w.sql} ORDER BY fired_at DESC, alert_id DESC LIMIT ?`,
    params: [...w.params, limit],
  }
}

/** Orders alert marks by (fired_at, alert_id). */
function laterAlert(a: LiveCursor['alert'], b: LiveCursor['alert']): LiveCursor['alert'] {
  if (!a || !b) return a ?? b
  return a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]) ? a : b
}

/** The position of everything committed now: the highest offset per partition, the newest alert. */
export const currentMarks = perVersion(async (db): Promise<LiveCursor> => {
  const [marks, [latest]] = await Promise.all([
    db
      .query('SELECT source_partition AS p, max(source_offset) AS o FROM incidents GROUP BY 1')
      .then(rowObjects),
    db
      .query('SELECT fired_at, alert_id FROM alerts ORDER BY fired_at DESC, alert_id DESC LIMIT 1')
      .then(rowObjects),
  ])
  return {
    offsets: marks.map((m): [number, number] => [Number(m.p), Number(m.o)]),
    alert: latest ? [Date.parse(String(latest.fired_at)), String(latest.alert_id)] : null,
  }
})

/** `cursor` moved up to everything committed now (never backwards). */
export async function advanceCursor(db: DashboardDb, cursor: LiveCursor): Promise<LiveCursor> {
  const now = await currentMarks(db)
  const offsets = new Map(cursor.offsets)
  for (const [p, o] of now.offsets) offsets.set(p, Math.max(o, offsets.get(p) ?? -Infinity))
  return {
    offsets: [...offsets].sort((x, y) => x[0] - y[0]),
    alert: laterAlert(cursor.alert, now.alert),
  }
}

export interface LiveBatch {
  incidents: Record<string, JsonSafe>[]
  alerts: Record<string, JsonSafe>[]
  cursor: LiveCursor
}

// Clients that saw the same commits hold the same cursors, so one query serves all of them.
const between = perVersion(
  async (db, from: LiveCursor, to: LiveCursor, filter: IncidentFilter, limit: number) => {
    const inc = newIncidentsSql(from, to, filter, limit)
    const al = newAlertsSql(from, to, limit)
    const [incidents, alerts] = await Promise.all([
      db.query(inc.sql, inc.params).then(rowObjects),
      db.query(al.sql, al.params).then(rowObjects),
    ])
    return { incidents, alerts }
  },
  (...args) => JSON.stringify(args),
)

/**
 * What was committed since `cursor`: the advanced cursor, and the newest matching incidents and
 * alerts between the two (at most `limit` each). A file committed meanwhile lies beyond the
 * advanced cursor, so it comes in the next batch rather than being skipped.
 *
 * @example
 * const batch = await liveBatch(db, cursor, { levels: ['ERROR'] }, 100)
 */
export async function liveBatch(
  db: DashboardDb,
  cursor: LiveCursor,
  filter: IncidentFilter,
  limit: number,
): Promise<LiveBatch> {
  const next = await advanceCursor(db, cursor)
  if (JSON.stringify(next) === JSON.stringify(cursor)) return { incidents: [], alerts: [], cursor }
  return { ...(await between(db, cursor, next, filter, limit)), cursor: next }
}
