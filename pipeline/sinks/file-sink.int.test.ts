import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { Registry } from 'prom-client'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { testConnection, uniqueName } from '../testing/kafka-fixtures.ts'
import { waitFor } from '../testing/wait-for.ts'
import { dataFileStem } from './file-naming.ts'
import { createFileSink, readManifestFile, type FileSink, type FileSinkInput } from './index.ts'
import { committedRows, queryCommitted } from '../testing/sinks/committed-rows.ts'
import { testTable } from '../testing/sinks/test-tables.ts'
import { alertRecord, baseTime, eventRecord, summaryRecord } from '../testing/sinks/records.ts'
import { quietLog, useTempDirs } from '../testing/sinks/temp-dir.ts'
import {
  createTestProducer,
  createTopics,
  deleteTopics,
  type TestProducer,
} from '../testing/sinks/transactional-producer.ts'

const connection = testConnection()
const tempDir = useTempDirs('sink-it-')
const HOUR = 3_600_000
const topics: string[] = []
const sinks: FileSink[] = []
const children: ChildProcess[] = []
let producer: TestProducer

beforeAll(async () => {
  producer = await createTestProducer(connection)
})
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
  await Promise.all(sinks.splice(0).map((s) => s.stop()))
})
afterAll(async () => {
  await producer.close()
  if (topics.length > 0) await deleteTopics(connection, topics)
})

async function newTopic(prefix: string): Promise<string> {
  const topic = uniqueName(`sink-${prefix}`)
  await createTopics(connection, [topic])
  topics.push(topic)
  return topic
}

function newSink(dataDir: string, incidents: string, extra: Partial<FileSinkInput> = {}): FileSink {
  const sink = createFileSink({
    connection,
    dataDir,
    log: quietLog,
    tables: [testTable('incidents', 'event', incidents)],
    ...extra,
  })
  sinks.push(sink)
  return sink
}

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from }, (_, i) => from + i)
const incidents = (from: number, to: number) => range(from, to).map((i) => eventRecord(i))
const aborted = (n: number) =>
  range(0, n).map((i) => ({ ...eventRecord(i), event_id: `aborted-${i}` }))
const rowsOf = async (dataDir: string, table = 'incidents', id = 'event_id') =>
  committedRows(dataDir, table, id)
const committedOffsetSum = async (dataDir: string, topic: string): Promise<number> => {
  const m = await readManifestFile(join(dataDir, 'incidents'), 'incidents')
  return Object.values(m.sources[topic] ?? {}).reduce((a, b) => a + b, 0)
}
const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN

describe('file sink against the real broker and registry', () => {
  it('writes every committed record of the three tables exactly once, and no aborted one', async () => {
    const [inc, sum, al] = [await newTopic('inc'), await newTopic('sum'), await newTopic('alert')]
    await producer.send(inc, 'event', incidents(0, 1_500))
    await producer.send(inc, 'event', aborted(200), { abort: true })
    await producer.send(
      sum,
      'summary',
      range(0, 30).map((i) => summaryRecord(i)),
    )
    await producer.send(
      sum,
      'summary',
      range(100, 110).map((i) => summaryRecord(i)),
      { abort: true },
    )
    await producer.send(
      al,
      'alert',
      range(0, 20).map((i) => alertRecord(i, baseTime + (i % 2) * HOUR)),
    )
    await producer.send(
      al,
      'alert',
      range(100, 105).map((i) => alertRecord(i)),
      { abort: true },
    )
    await producer.send(inc, 'event', incidents(1_500, 3_000))

    const dataDir = await tempDir()
    const registry = new Registry()
    const sink = newSink(dataDir, inc, {
      tables: [
        testTable('incidents', 'event', inc),
        testTable('hourly_summary', 'summary', sum),
        testTable('alerts', 'alert', al),
      ],
      metrics: { registry },
    })
    await sink.start()
    expect(sink.stats()).toMatchObject({ state: 'running', lockHeld: true })
    await waitFor(
      async () =>
        (await rowsOf(dataDir)).csv.rows >= 3_000 &&
        (await rowsOf(dataDir, 'alerts', 'alert_id')).csv.rows >= 20,
      {
        timeoutMs: 60_000,
        what: 'all committed records in files',
      },
    )
    await waitFor(async () => (await rowsOf(dataDir, 'hourly_summary', 'service')).csv.rows >= 30, {
      what: 'summaries',
    })

    const incidentRows = await rowsOf(dataDir)
    expect(incidentRows.parquet).toEqual({ rows: 3_000, distinct: 3_000 })
    expect(incidentRows.csv).toEqual({ rows: 3_000, distinct: 3_000 })
    expect(
      await queryCommitted(
        dataDir,
        'incidents',
        `SELECT count(*)::INTEGER FROM {files} WHERE event_id LIKE 'aborted-%'`,
      ),
    ).toEqual([[0]])
    expect((await rowsOf(dataDir, 'hourly_summary', 'service')).parquet).toEqual({
      rows: 30,
      distinct: 30,
    })
    expect((await rowsOf(dataDir, 'alerts', 'alert_id')).parquet).toEqual({
      rows: 20,
      distinct: 20,
    })
    // The hive columns come from the directories and agree with the partition time.
    const misplaced = `SELECT count(*)::INTEGER FROM {files} WHERE date != CAST(window_start AS DATE) OR hour != hour(window_start)`
    expect(await queryCommitted(dataDir, 'alerts', misplaced)).toEqual([[0]])
    expect(
      await queryCommitted(
        dataDir,
        'alerts',
        `SELECT DISTINCT hour::INTEGER FROM {files} ORDER BY 1`,
      ),
    ).toEqual([[3], [4]])

    expect(sink.stats().tables.incidents).toMatchObject({
      topic: inc,
      rowsWritten: 3_000,
      bufferedRows: 0,
    })
    const text = await registry.metrics()
    expect(text).toMatch(/dataflow_sink_rows_written_total\{table="incidents"\} 3000/)
    expect(text).toMatch(/dataflow_sink_lock_held 1/)

    await sink.stop()
    expect(sink.stats().state).toBe('stopped')
    expect(await readdir(dataDir)).not.toContain('.sink.lock')
  })

  it('survives repeated kill -9 mid-stream: exactly N rows, leftovers removed', async () => {
    const topic = await newTopic('crash')
    const dataDir = await tempDir()
    const batches = 30
    const perBatch = 200
    let produced = false
    const production = (async () => {
      for (let b = 0; b < batches; b += 1) {
        await producer.send(topic, 'event', incidents(b * perBatch, (b + 1) * perBatch))
        if (b % 7 === 3) await producer.send(topic, 'event', aborted(50), { abort: true })
        await sleep(100) // pacing the producer so the kills land mid-stream
      }
      produced = true
    })()

    const childOptions = {
      dataDir,
      tables: [testTable('incidents', 'event', topic)],
      flushIntervalMs: 100,
      lock: { retryMs: 200 },
    }
    let progress = 0
    for (let kill = 0; kill < 3; kill += 1) {
      const child = spawn(
        process.execPath,
        [join(import.meta.dirname, '..', 'testing', 'sinks', 'sink-child.ts')],
        {
          env: {
            ...process.env,
            SINK_CHILD_OPTIONS: JSON.stringify(childOptions),
            LOG_LEVEL: 'error',
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      )
      children.push(child)
      const before = progress
      await waitFor(
        async () =>
          (progress = await committedOffsetSum(dataDir, topic)) > before ||
          (produced && child.stdout?.readableLength),
        {
          timeoutMs: 30_000,
          what: `progress of sink process ${kill + 1}`,
        },
      )
      const exited = once(child, 'exit')
      child.kill('SIGKILL')
      await exited
      console.log(`kill ${kill}: progress ${before} -> ${progress}, produced=${produced}`)
      const lock = JSON.parse(await readFile(join(dataDir, '.sink.lock'), 'utf8')) as {
        pid: number
      }
      expect(lock.pid).toBe(child.pid)
    }
    // What a crash mid-flush leaves: data files of an uncommitted range, a half-written manifest.
    const hourDir = join(dataDir, 'incidents', 'date=2026-11-28', 'hour=03')
    const stray = `${dataFileStem(0, 900_000, 900_099)}`
    await writeFile(join(hourDir, `${stray}.parquet`), 'PAR1 half written')
    await writeFile(join(hourDir, `${stray}.csv`), 'event_id\nx\n')
    await writeFile(join(dataDir, 'incidents', '_manifest.json.tmp'), '{"version":')

    await production
    const sink = newSink(dataDir, topic, { flushIntervalMs: 100 })
    await sink.start()
    expect(sink.stats().state).toBe('running')
    const total = batches * perBatch
    await waitFor(async () => (await rowsOf(dataDir)).parquet.rows >= total, {
      timeoutMs: 60_000,
      what: `${total} rows`,
    })
    const rows = await rowsOf(dataDir)
    expect(rows.parquet).toEqual({ rows: total, distinct: total })
    expect(rows.csv).toEqual({ rows: total, distinct: total })
    expect(
      await queryCommitted(
        dataDir,
        'incidents',
        `SELECT count(*)::INTEGER FROM {files} WHERE event_id LIKE 'aborted-%'`,
      ),
    ).toEqual([[0]])
    const files = await readdir(hourDir)
    expect(files).not.toContain(`${stray}.parquet`)
    expect(files).not.toContain(`${stray}.csv`)
    expect(await readdir(join(dataDir, 'incidents'))).not.toContain('_manifest.json.tmp')
    expect(JSON.parse(await readFile(join(dataDir, '.sink.lock'), 'utf8'))).toMatchObject({
      pid: process.pid,
    })
  })

  it('keeps a second instance on standby while the first holds the lock, then takes over', async () => {
    const topic = await newTopic('standby')
    const dataDir = await tempDir()
    await producer.send(topic, 'event', incidents(0, 300))
    const active = newSink(dataDir, topic)
    await active.start()
    const standby = newSink(dataDir, topic, { lock: { retryMs: 100 } })
    await standby.start()
    expect(standby.stats()).toMatchObject({ state: 'standby', lockHeld: false })
    await waitFor(async () => (await rowsOf(dataDir)).parquet.rows >= 300, { what: '300 rows' })
    await active.stop()
    await waitFor(() => standby.stats().state === 'running', { what: 'standby to take over' })
    await producer.send(topic, 'event', incidents(300, 600))
    await waitFor(async () => (await rowsOf(dataDir)).parquet.rows >= 600, { what: '600 rows' })
    expect((await rowsOf(dataDir)).parquet).toEqual({ rows: 600, distinct: 600 })
  })

  it('compacts a closed hour in one swap; concurrent readers never count a row twice', async () => {
    const topic = await newTopic('compact')
    const dataDir = await tempDir()
    const sink = newSink(dataDir, topic, {
      flushIntervalMs: 50,
      compaction: {
        fanout: 1_000,
        graceMs: 0,
        quietMs: 300,
        retireDelayMs: 1_000,
        intervalMs: 100,
      },
    })
    await sink.start()
    for (let b = 0; b < 8; b += 1) {
      await producer.send(
        topic,
        'event',
        range(b * 100, (b + 1) * 100).map((i) => eventRecord(i, baseTime + i)),
      )
      await waitFor(async () => (await committedOffsetSum(dataDir, topic)) >= (b + 1) * 100, {
        what: `batch ${b}`,
      })
    }
    const before = await readManifestFile(join(dataDir, 'incidents'), 'incidents')
    expect(before.files.parquet.length).toBeGreaterThan(8)

    let reads = 0
    const seen: Array<{ rows: number; distinct: number }> = []
    let reading = true
    const reader = (async () => {
      while (reading) {
        seen.push((await rowsOf(dataDir)).parquet)
        reads += 1
      }
    })()
    // One record an hour later moves the largest event time past hour 03's end: it closes.
    await producer.send(topic, 'event', [eventRecord(10_000, baseTime + HOUR + 1)])
    const hour03 = (files: readonly string[]) =>
      files.filter((f) => f.startsWith('date=2026-11-28/hour=03/'))
    await waitFor(
      async () => {
        const m = await readManifestFile(join(dataDir, 'incidents'), 'incidents')
        return hour03(m.files.parquet).length === 1 && hour03(m.files.csv).length === 1
      },
      { what: 'hour 03 compacted' },
    )
    const hourDir = join(dataDir, 'incidents', 'date=2026-11-28', 'hour=03')
    await waitFor(async () => (await readdir(hourDir)).length === 2, {
      what: 'replaced files deleted after the delay',
    })
    reading = false
    await reader

    expect(await rowsOf(dataDir)).toMatchObject({
      parquet: { rows: 801, distinct: 801 },
      csv: { rows: 801, distinct: 801 },
    })
    expect(reads).toBeGreaterThan(5)
    expect(seen.filter((s) => s.rows !== s.distinct || s.rows > 801)).toEqual([])
    expect(sink.stats().tables.incidents?.compactions).toBeGreaterThanOrEqual(1)
  })

  it('measures freshness: commit to listed in the manifest', async () => {
    const topic = await newTopic('fresh')
    const dataDir = await tempDir()
    const sink = newSink(dataDir, topic)
    await sink.start()
    const pending: Array<{ partition: number; offset: number; committedAt: number }> = []
    const latencies: number[] = []
    let watching = true
    const watcher = (async () => {
      while (watching || pending.length > 0) {
        const m = await readManifestFile(join(dataDir, 'incidents'), 'incidents').catch(
          () => undefined,
        )
        const now = performance.now()
        for (let i = pending.length - 1; i >= 0; i -= 1) {
          const p = pending[i] as (typeof pending)[number]
          if ((m?.sources[topic]?.[String(p.partition)] ?? 0) > p.offset) {
            latencies.push(now - p.committedAt)
            pending.splice(i, 1)
          }
        }
        await sleep(2)
      }
    })()
    for (let i = 0; i < 120; i += 1) {
      const [sent] = await producer.send(topic, 'event', [eventRecord(i)], {
        partitionOf: () => i % 3,
      })
      if (sent) pending.push(sent)
      await sleep(40) // an event every ~50 ms, like a live stream
    }
    await waitFor(() => pending.length === 0, { what: 'every record listed' })
    watching = false
    await watcher
    const sorted = [...latencies].sort((a, b) => a - b)
    console.log(
      `freshness over ${sorted.length} records: p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms, max ${sorted.at(-1)?.toFixed(0)} ms`,
    )
    expect(sorted).toHaveLength(120)
  })

  it('measures write throughput from a backlog', async () => {
    const topic = await newTopic('throughput')
    const total = 100_000
    // A live stream's event times: 100k events over about 17 minutes, one or two hour directories.
    const live = (from: number, to: number) =>
      range(from, to).map((i) => eventRecord(i, baseTime + i * 10))
    for (let b = 0; b < 20; b += 1) {
      await producer.send(topic, 'event', live(b * 5_000, (b + 1) * 5_000))
    }
    const dataDir = await tempDir()
    const sink = newSink(dataDir, topic)
    const started = performance.now()
    await sink.start()
    await waitFor(() => (sink.stats().tables.incidents?.rowsWritten ?? 0) >= total, {
      timeoutMs: 110_000,
      what: `${total} rows written`,
    })
    const seconds = (performance.now() - started) / 1000
    const stats = sink.stats().tables.incidents
    console.log(
      `throughput: ${total} rows in ${seconds.toFixed(2)} s = ${Math.round(total / seconds)} rows/s (${stats?.flushes} flushes, ${stats?.filesWritten} files, both formats)`,
    )
    expect((await rowsOf(dataDir)).parquet).toEqual({ rows: total, distinct: total })
  })
})
