/**
 * Dashboard benchmark over 10M incidents: writes the fixtures once (Parquet, cached in the OS
 * temp dir), then measures on loopback
 *   - the hourly rollup through `POST /api/sql` (p50/p99 of 30 runs) against the same rollup run
 *     directly on a DuckDB connection (the baseline; the ratio is the HTTP + guard overhead),
 *   - the overview page's first render (GET / until the whole HTML has arrived), cold and warm,
 *   - `/api/sql` latency under 100 concurrent clients, with a bounded number of requests: 1000
 *     partition-pruned point queries, then one hourly rollup of a day per client at once (a full
 *     10M-row rollup per client would only measure 100 × the 2-core scan time).
 * Prints one JSON document. Run: `node bench/dashboard.bench.ts [--incidents 10000000]`.
 */
import { existsSync } from 'node:fs'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { DuckDBInstance } from '@duckdb/node-api'
import { resolveConfig, silentLogger, startDashboard, writeFixtures } from '../dashboard/index.ts'
import { readManifest } from '../dashboard/db/manifest.ts'
import { viewSql } from '../dashboard/db/view-sql.ts'

const { values } = parseArgs({
  options: {
    incidents: { type: 'string', default: '10000000' },
    runs: { type: 'string', default: '30' },
    clients: { type: 'string', default: '100' },
    fresh: { type: 'boolean', default: false },
  },
})
const incidents = Number(values.incidents)
const runs = Number(values.runs)
const clients = Number(values.clients)
const spanHours = 168

const rollupSql =
  'SELECT time_bucket(INTERVAL 1 HOUR, event_time) AS hour, level, count(*) AS n FROM incidents GROUP BY ALL ORDER BY ALL'
const pointSql =
  'SELECT level, count(*) AS n FROM incidents WHERE date = CAST(? AS DATE) AND hour = ? GROUP BY ALL'
const dayRollupSql = `SELECT time_bucket(INTERVAL 1 HOUR, event_time) AS hour, level, count(*) AS n FROM incidents
  WHERE date = CAST(? AS DATE) GROUP BY ALL ORDER BY ALL`

function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return Math.round((sorted[i] ?? NaN) * 10) / 10
}

const stats = (samples: number[]) => ({
  n: samples.length,
  p50_ms: quantile(samples, 0.5),
  p99_ms: quantile(samples, 0.99),
  max_ms: quantile(samples, 1),
})

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await fn()
  return performance.now() - started
}

async function dataset(): Promise<{ dir: string; cached: boolean; generate_ms: number | null }> {
  const dir = join(tmpdir(), `incident-dashboard-bench-${incidents}-v2`)
  const marker = join(dir, 'bench-done.json')
  if (!values.fresh && existsSync(marker))
    return {
      dir,
      cached: true,
      generate_ms: JSON.parse(await readFile(marker, 'utf8')).generate_ms,
    }
  await rm(dir, { recursive: true, force: true })
  const summary = await writeFixtures({
    dataDir: dir,
    incidents,
    spanHours,
    formats: ['parquet'],
    uncommitted: false,
    threads: 2,
  })
  await writeFile(marker, JSON.stringify({ generate_ms: Math.round(summary.elapsedMs) }))
  return { dir, cached: false, generate_ms: Math.round(summary.elapsedMs) }
}

/** A plain DuckDB connection with the same view and cache settings, but no HTTP, guard or pool. */
async function directConnection(dir: string): Promise<{ run(): Promise<unknown>; close(): void }> {
  const manifest = await readManifest(dir, 'incidents')
  const instance = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '1GB' })
  const connection = await instance.connect()
  await connection.run('SET parquet_metadata_cache = true')
  await connection.run("SET validate_external_file_cache = 'NO_VALIDATION'")
  await connection.run(viewSql('incidents', manifest.state === 'ok' ? manifest.files : []))
  return {
    run: () => connection.runAndReadAll(rollupSql),
    close() {
      connection.closeSync()
      instance.closeSync()
    },
  }
}

async function concurrent(url: string, total: number, body: () => object): Promise<object> {
  const latencies: number[] = []
  let errors = 0
  let next = 0
  const started = performance.now()
  const client = async () => {
    while (next < total) {
      next += 1
      const t = performance.now()
      const res = await fetch(`${url}/api/sql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body()),
      })
      await res.arrayBuffer()
      if (res.ok) latencies.push(performance.now() - t)
      else errors += 1
    }
  }
  await Promise.all(Array.from({ length: clients }, client))
  const seconds = (performance.now() - started) / 1000
  return {
    clients,
    requests: total,
    errors,
    ...stats(latencies),
    throughput_rps: Math.round(total / seconds),
  }
}

const data = await dataset()
const config = resolveConfig({
  dataDir: data.dir,
  port: 0,
  logLevel: 'silent',
  sql: { poolSize: 4, threads: 2, maxQueue: 1000, timeoutMs: 60_000 },
})
const server = await startDashboard(config, { logger: silentLogger, analyzer: false })
try {
  const page = async (path: string) => {
    const res = await fetch(server.url + path, { headers: { accept: 'text/html' } })
    const html = await res.text()
    if (!res.ok || !html.includes('</html>') || (html.match(/<svg/g) ?? []).length < 4)
      throw new Error(`bad page ${path}: ${res.status}`)
    return html.length
  }
  // GET / is the default range (the last 24 hours of data); the first request also fills the
  // per-commit caches (data extent, filter choices).
  const cold = await timed(() => page('/'))
  const warmDay: number[] = []
  for (let i = 0; i < 5; i++) warmDay.push(await timed(() => page('/')))
  const warmAll: number[] = []
  for (let i = 0; i < 3; i++) warmAll.push(await timed(() => page('/?range=all')))
  const htmlBytes = await page('/')

  // Direct and HTTP runs alternate, so both see the same machine load.
  const sql = (body: object) =>
    fetch(`${server.url}/api/sql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  const direct = await directConnection(data.dir)
  const viaApi: number[] = []
  const directSamples: number[] = []
  try {
    for (let i = 0; i < 3; i++)
      await Promise.all([direct.run(), (await sql({ sql: rollupSql })).arrayBuffer()])
    for (let i = 0; i < runs; i++) {
      directSamples.push(await timed(() => direct.run()))
      viaApi.push(await timed(async () => (await sql({ sql: rollupSql })).json()))
    }
  } finally {
    direct.close()
  }

  const days = [
    '2026-11-28',
    '2026-11-29',
    '2026-11-30',
    '2026-12-01',
    '2026-12-02',
    '2026-12-03',
    '2026-12-04',
  ]
  let k = 0
  const point = await concurrent(server.url, 1000, () => {
    k += 1
    return { sql: pointSql, params: [days[k % days.length], k % 24] }
  })
  const dayRollup = await concurrent(server.url, clients, () => {
    k += 1
    return { sql: dayRollupSql, params: [days[k % days.length]] }
  })

  const result = {
    machine: {
      cpus: availableParallelism(),
      load_average_1m: loadavg()[0],
      node: process.version,
      duckdb_threads: 2,
      pool: 4,
    },
    dataset: { incidents, span_hours: spanHours, ...data, dir: undefined },
    hourly_rollup: {
      direct_duckdb: stats(directSamples),
      api_sql: stats(viaApi),
      overhead_ratio_p50:
        Math.round((quantile(viaApi, 0.5) / quantile(directSamples, 0.5)) * 100) / 100,
    },
    first_render: {
      cold_get_root_ms: Math.round(cold),
      warm_get_root: stats(warmDay),
      warm_all_range: stats(warmAll),
      html_bytes: htmlBytes,
    },
    concurrency: { partition_point_query: point, one_day_hourly_rollup: dayRollup },
  }
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
} finally {
  await server.close()
}
