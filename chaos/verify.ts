/**
 * Checks a chaos run: every valid input exactly once in the enriched topic and in the files, the
 * dead-letter topic holding exactly the poison inputs, the late topic exactly the late ones, and
 * the hourly summaries and alerts equal to a DuckDB batch recomputation.
 */
import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import { DuckDBInstance } from '@duckdb/node-api'
import { type ConnectionOptions, readTopic } from '@incident-pipeline/dataflow/kafka'
import type { Serde } from '@incident-pipeline/dataflow/avro'
import type { TopicNames } from '../topology/topics.ts'
import { loadSchema } from '../schemas/catalog.ts'
import type { ChaosTruth } from '../testing/chaos-input.ts'
import { alertSql, summarySql } from './recompute-sql.ts'

export interface Verdict {
  check: string
  ok: boolean
  detail: Record<string, number | string>
}

async function decodeAll<T>(
  serde: Serde,
  schema: Parameters<typeof loadSchema>[0],
  values: Array<Buffer | null>,
): Promise<T[]> {
  const decoded = await serde
    .decoder<T>(loadSchema(schema).type)
    .decodeBatch(values.map((v) => v ?? Buffer.alloc(0)))
  return decoded.map((d) => {
    if (d instanceof Error) throw d
    return d
  })
}

function exactlyOnce(check: string, expected: Set<string>, seen: string[]): Verdict {
  const distinct = new Set(seen)
  let missing = 0
  for (const id of expected) if (!distinct.has(id)) missing++
  let extra = 0
  for (const id of distinct) if (!expected.has(id)) extra++
  const duplicates = seen.length - distinct.size
  return {
    check,
    ok: missing === 0 && extra === 0 && duplicates === 0,
    detail: { expected: expected.size, seen: seen.length, duplicates, missing, extra },
  }
}

const rowKey = (r: Record<string, unknown>, fields: string[]): string =>
  JSON.stringify(fields.map((f) => (typeof r[f] === 'bigint' ? Number(r[f]) : (r[f] ?? null))))

function sameRows(
  check: string,
  expected: Record<string, unknown>[],
  actual: Record<string, unknown>[],
  fields: string[],
): Verdict {
  const want = new Map(expected.map((r) => [rowKey(r, fields), r]))
  const got = actual.map((r) => rowKey(r, fields))
  const gotSet = new Set(got)
  let missing = 0
  for (const k of want.keys()) if (!gotSet.has(k)) missing++
  const extra = got.filter((k) => !want.has(k)).length
  const duplicates = got.length - gotSet.size
  const detail: Verdict['detail'] = {
    expected: want.size,
    seen: got.length,
    duplicates,
    missing,
    extra,
  }
  const firstMissing = [...want.keys()].find((k) => !gotSet.has(k))
  const firstExtra = got.find((k) => !want.has(k))
  if (firstMissing !== undefined) detail.example_missing = firstMissing
  if (firstExtra !== undefined) detail.example_extra = firstExtra
  return { check, ok: missing === 0 && extra === 0 && duplicates === 0, detail }
}

export async function verifyRun(
  connection: ConnectionOptions,
  serde: Serde,
  names: TopicNames,
  partitions: number,
  dataDir: string,
  truth: ChaosTruth,
): Promise<Verdict[]> {
  const verdicts: Verdict[] = []
  const enriched = await readTopic(connection, names.enriched, { partitions, timeoutMs: 300_000 })
  const enrichedEvents = await decodeAll<{ event_id: string }>(
    serde,
    'enriched-incident',
    enriched.map((r) => r.value),
  )
  verdicts.push(
    exactlyOnce(
      'enriched topic: each valid input exactly once',
      truth.enriched,
      enrichedEvents.map((e) => e.event_id),
    ),
  )

  const late = await decodeAll<{ event_id: string }>(
    serde,
    'enriched-incident',
    (await readTopic(connection, names.late, { partitions, timeoutMs: 300_000 })).map(
      (r) => r.value,
    ),
  )
  verdicts.push(
    exactlyOnce(
      'late topic: exactly the late inputs',
      truth.late,
      late.map((e) => e.event_id),
    ),
  )

  const deadRecords = await readTopic(connection, names.deadLetter, {
    partitions,
    timeoutMs: 300_000,
  })
  const dead = await decodeAll<{ reason: string; source_partition: number; source_offset: number }>(
    serde,
    'dead-letter',
    deadRecords.map((r) => r.value),
  )
  const byReason: Record<string, number> = {}
  for (const d of dead) byReason[d.reason] = (byReason[d.reason] ?? 0) + 1
  const origins = new Set(dead.map((d) => `${d.source_partition}@${d.source_offset}`))
  const reasonsMatch = Object.keys({ ...byReason, ...truth.poisonByReason }).every(
    (r) => byReason[r] === truth.poisonByReason[r],
  )
  verdicts.push({
    check: 'dead-letter topic: exactly the poison inputs, by reason',
    ok:
      reasonsMatch &&
      origins.size === dead.length &&
      deadRecords.every((r) => r.headers['dlq.reason'] !== undefined),
    detail: {
      expected: JSON.stringify(truth.poisonByReason),
      seen: JSON.stringify(byReason),
      duplicates: dead.length - origins.size,
    },
  })

  const manifest = JSON.parse(
    readFileSync(join(dataDir, 'incidents', '_manifest.json'), 'utf8'),
  ) as { files: { parquet: string[] } }
  const files = manifest.files.parquet.map(
    (f) => `'${join(dataDir, 'incidents', f).replaceAll("'", "''")}'`,
  )
  const db = await (await DuckDBInstance.create(':memory:')).connect()
  await db.run(
    `CREATE TABLE inc AS SELECT * FROM read_parquet([${files.join(',')}], hive_partitioning = false)`,
  )
  const fileIds = (await db.runAndReadAll('SELECT event_id FROM inc'))
    .getRowObjectsJS()
    .map((r) => String(r.event_id))
  verdicts.push(exactlyOnce('files: each valid input exactly once', truth.enriched, fileIds))

  await db.run(`CREATE TABLE late_ids (id VARCHAR)`)
  const appender = await db.createAppender('late_ids')
  for (const id of truth.late) {
    appender.appendVarchar(id)
    appender.endRow()
  }
  appender.closeSync()
  await db.run(
    'CREATE TABLE on_time AS SELECT * FROM inc WHERE event_id NOT IN (SELECT id FROM late_ids)',
  )

  type Summary = Record<string, unknown> & {
    dimension: string
    service: string | null
    level: string | null
    category: string | null
  }
  const summaries = await decodeAll<Summary>(
    serde,
    'hourly-summary',
    (await readTopic(connection, names.hourlySummaries, { partitions, timeoutMs: 300_000 })).map(
      (r) => r.value,
    ),
  )
  const actualSummaries = summaries.map((s) => ({
    ...s,
    k1: s.dimension === 'service_level' ? s.service : s.category,
    k2: s.dimension === 'service_level' ? s.level : null,
  }))
  const expectedSummaries = (await db.runAndReadAll(summarySql('on_time'))).getRowObjectsJS()
  const summaryFields = [
    'window_start',
    'dimension',
    'k1',
    'k2',
    'event_count',
    'distinct_incidents',
    'affected_users_sum',
    'affected_users_max',
    'critical_count',
    'security_breach_count',
    'data_corruption_count',
    'duration_count',
    'duration_p50',
    'duration_p95',
    'duration_max',
    'first_event_time',
    'last_event_time',
  ]
  verdicts.push(
    sameRows(
      'hourly summaries = DuckDB batch recomputation',
      expectedSummaries,
      actualSummaries,
      summaryFields,
    ),
  )

  const alerts = await decodeAll<Record<string, unknown> & { count: number }>(
    serde,
    'alert',
    (await readTopic(connection, names.alerts, { partitions, timeoutMs: 300_000 })).map(
      (r) => r.value,
    ),
  )
  const expectedAlerts = (await db.runAndReadAll(alertSql('on_time'))).getRowObjectsJS()
  verdicts.push(
    sameRows(
      'alerts = DuckDB batch recomputation',
      expectedAlerts.map((a) => ({ ...a, count: a.n })),
      alerts,
      ['rule', 'key', 'window_start', 'count'],
    ),
  )
  db.closeSync()
  return verdicts
}
