/**
 * Checks a chaos run: every valid input exactly once in the enriched topic and in the files, the
 * dead-letter topic holding exactly the poison inputs, the late topic exactly the late ones, and
 * the hourly summaries and alerts equal to a DuckDB batch recomputation.
 */
import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import {
  type ConnectionOptions,
  readTopic,
  type TopicRecord,
} from '@incident-pipeline/dataflow/kafka'
import type { Serde } from '@incident-pipeline/dataflow/avro'
import type { TopicNames } from '../topology/topics.ts'
import { distinctCountOf, toMillis } from '@incident-pipeline/dataflow'
import { loadSchema } from '../schemas/catalog.ts'
import type { ChaosTruth } from '../testing/chaos-input.ts'
import { defaultAlertRulesConfig, parseAlertRulesConfig } from '../transforms/index.ts'
import { alertsOf, bucketCountsSql, foldEarlyFirings } from './recompute-alerts.ts'
import { summarySql } from './recompute-sql.ts'
import { exactlyOnce, sameRows, type Verdict } from './verdicts.ts'

export type { Verdict } from './verdicts.ts'

/** Where the run's output topics are read from, and how their values are decoded. */
interface TopicSource {
  connection: ConnectionOptions
  serde: Serde
  partitions: number
}

type Summary = Record<string, unknown> & {
  dimension: string
  service: string | null
  level: string | null
  category: string | null
}

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

const readRecords = (source: TopicSource, topic: string): Promise<TopicRecord[]> =>
  readTopic(source.connection, topic, { partitions: source.partitions, timeoutMs: 300_000 })

async function readDecoded<T>(
  source: TopicSource,
  topic: string,
  schema: Parameters<typeof loadSchema>[0],
): Promise<T[]> {
  const records = await readRecords(source, topic)
  return decodeAll<T>(
    source.serde,
    schema,
    records.map((r) => r.value),
  )
}

async function checkEventIds(
  source: TopicSource,
  topic: string,
  check: string,
  expected: Set<string>,
): Promise<Verdict> {
  const events = await readDecoded<{ event_id: string }>(source, topic, 'enriched-incident')
  return exactlyOnce(
    check,
    expected,
    events.map((e) => e.event_id),
  )
}

async function checkDeadLetter(
  source: TopicSource,
  topic: string,
  truth: ChaosTruth,
): Promise<Verdict> {
  const deadRecords = await readRecords(source, topic)
  const dead = await decodeAll<{ reason: string; source_partition: number; source_offset: number }>(
    source.serde,
    'dead-letter',
    deadRecords.map((r) => r.value),
  )
  const byReason: Record<string, number> = {}
  for (const d of dead) byReason[d.reason] = (byReason[d.reason] ?? 0) + 1
  const origins = new Set(dead.map((d) => `${d.source_partition}@${d.source_offset}`))
  const reasonsMatch = Object.keys({ ...byReason, ...truth.poisonByReason }).every(
    (r) => byReason[r] === truth.poisonByReason[r],
  )
  return {
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
  }
}

/** An in-memory DuckDB with the manifest's committed incident files as table `inc`. */
async function loadIncidentFiles(dataDir: string): Promise<DuckDBConnection> {
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
  return db
}

async function checkFiles(db: DuckDBConnection, truth: ChaosTruth): Promise<Verdict> {
  const fileIds = (await db.runAndReadAll('SELECT event_id FROM inc'))
    .getRowObjectsJS()
    .map((r) => String(r.event_id))
  return exactlyOnce('files: each valid input exactly once', truth.enriched, fileIds)
}

/** Table `on_time`: the incident files without the late events, as the windows saw them. */
async function createOnTimeTable(db: DuckDBConnection, late: Set<string>): Promise<void> {
  await db.run(`CREATE TABLE late_ids (id VARCHAR)`)
  const appender = await db.createAppender('late_ids')
  for (const id of late) {
    appender.appendVarchar(id)
    appender.endRow()
  }
  appender.closeSync()
  await db.run(
    'CREATE TABLE on_time AS SELECT * FROM inc WHERE event_id NOT IN (SELECT id FROM late_ids)',
  )
}

async function checkSummaries(
  db: DuckDBConnection,
  source: TopicSource,
  topic: string,
): Promise<Verdict> {
  const summaries = await readDecoded<Summary>(source, topic, 'hourly-summary')
  const actualSummaries = summaries.map((s) => ({
    ...s,
    k1: s.dimension === 'service_level' ? s.service : s.category,
    k2: s.dimension === 'service_level' ? s.level : null,
  }))
  const expected = (await db.runAndReadAll(summarySql('on_time'))).getRowObjectsJS()
  const expectedSummaries = expected.map(({ incident_ids, ...row }) => ({
    ...row,
    distinct_incidents: distinctCountOf(incident_ids as string[]),
  }))
  return sameRows(
    'hourly summaries = DuckDB batch recomputation',
    expectedSummaries,
    actualSummaries,
    summaryFields,
  )
}

/** The records of the default alert rules, recomputed over table `on_time`. */
async function expectedAlerts(db: DuckDBConnection): Promise<Record<string, unknown>[]> {
  const config = parseAlertRulesConfig(defaultAlertRulesConfig)
  const expected: Record<string, unknown>[] = []
  for (const rule of config.rules) {
    const rows = (await db.runAndReadAll(bucketCountsSql('on_time', rule))).getRowObjectsJS()
    const counts = rows.map((r) => ({
      key: String(r.key),
      bucket: Number(r.bucket),
      matched: Number(r.matched),
      all: Number(r.all),
    }))
    const grace = toMillis(rule.grace ?? config.grace, 'grace')
    expected.push(...alertsOf(rule, grace, counts).map((a) => ({ ...a })))
  }
  return expected
}

async function checkAlerts(
  db: DuckDBConnection,
  source: TopicSource,
  topic: string,
): Promise<Verdict> {
  const alerts = await readDecoded<Record<string, unknown> & { count: number }>(
    source,
    topic,
    'alert',
  )
  return sameRows(
    'alerts = DuckDB batch recomputation',
    await expectedAlerts(db),
    foldEarlyFirings(alerts),
    ['rule', 'key', 'state', 'window_start', 'count'],
  )
}

export async function verifyRun(
  connection: ConnectionOptions,
  serde: Serde,
  names: TopicNames,
  partitions: number,
  dataDir: string,
  truth: ChaosTruth,
): Promise<Verdict[]> {
  const source: TopicSource = { connection, serde, partitions }
  const verdicts: Verdict[] = []
  verdicts.push(
    await checkEventIds(
      source,
      names.enriched,
      'enriched topic: each valid input exactly once',
      truth.enriched,
    ),
  )
  verdicts.push(
    await checkEventIds(source, names.late, 'late topic: exactly the late inputs', truth.late),
  )
  verdicts.push(await checkDeadLetter(source, names.deadLetter, truth))

  const db = await loadIncidentFiles(dataDir)
  verdicts.push(await checkFiles(db, truth))
  await createOnTimeTable(db, truth.late)
  verdicts.push(await checkSummaries(db, source, names.hourlySummaries))
  verdicts.push(await checkAlerts(db, source, names.alerts))
  db.closeSync()
  return verdicts
}
