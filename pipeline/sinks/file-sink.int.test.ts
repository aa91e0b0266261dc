import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { Registry } from 'prom-client'
import { describe, expect, it } from 'vitest'
import { waitFor } from '../testing/wait-for.ts'
import { dataFileStem } from './file-naming.ts'
import { queryCommitted } from '../testing/sinks/committed-rows.ts'
import { testTable } from '../testing/sinks/test-tables.ts'
import { alertRecord, baseTime, summaryRecord } from '../testing/sinks/records.ts'
import {
  aborted,
  incidents,
  range,
  useFileSinkHarness,
} from '../testing/sinks/file-sink-harness.ts'

const { tempDir, children, producer, newTopic, newSink, rowsOf, committedOffsetSum } =
  useFileSinkHarness()
const HOUR = 3_600_000

describe('file sink against the real broker and registry: exactly once', () => {
  it('writes every committed record of the three tables exactly once, and no aborted one', async () => {
    const [inc, sum, al] = [await newTopic('inc'), await newTopic('sum'), await newTopic('alert')]
    await producer().send(inc, 'event', incidents(0, 1_500))
    await producer().send(inc, 'event', aborted(200), { abort: true })
    await producer().send(
      sum,
      'summary',
      range(0, 30).map((i) => summaryRecord(i)),
    )
    await producer().send(
      sum,
      'summary',
      range(100, 110).map((i) => summaryRecord(i)),
      { abort: true },
    )
    await producer().send(
      al,
      'alert',
      range(0, 20).map((i) => alertRecord(i, baseTime + (i % 2) * HOUR)),
    )
    await producer().send(
      al,
      'alert',
      range(100, 105).map((i) => alertRecord(i)),
      { abort: true },
    )
    await producer().send(inc, 'event', incidents(1_500, 3_000))

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
    expect(text).toMatch(/dataflow_sink_duckdb_memory_bytes \d+/)

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
        await producer().send(topic, 'event', incidents(b * perBatch, (b + 1) * perBatch))
        if (b % 7 === 3) await producer().send(topic, 'event', aborted(50), { abort: true })
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
})
