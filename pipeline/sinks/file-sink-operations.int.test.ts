import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { waitFor } from '../testing/wait-for.ts'
import { readManifestFile } from './index.ts'
import { baseTime, eventRecord } from '../testing/sinks/records.ts'
import { incidents, range, useFileSinkHarness } from '../testing/sinks/file-sink-harness.ts'

const { tempDir, producer, newTopic, newSink, rowsOf, committedOffsetSum } = useFileSinkHarness()
const HOUR = 3_600_000
const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN

describe('file sink against the real broker and registry: standby, compaction, freshness, throughput', () => {
  it('keeps a second instance on standby while the first holds the lock, then takes over', async () => {
    const topic = await newTopic('standby')
    const dataDir = await tempDir()
    await producer().send(topic, 'event', incidents(0, 300))
    const active = newSink(dataDir, topic)
    await active.start()
    const standby = newSink(dataDir, topic, { lock: { retryMs: 100 } })
    await standby.start()
    expect(standby.stats()).toMatchObject({ state: 'standby', lockHeld: false })
    await waitFor(async () => (await rowsOf(dataDir)).parquet.rows >= 300, { what: '300 rows' })
    await active.stop()
    await waitFor(() => standby.stats().state === 'running', { what: 'standby to take over' })
    await producer().send(topic, 'event', incidents(300, 600))
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
      await producer().send(
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
    await producer().send(topic, 'event', [eventRecord(10_000, baseTime + HOUR + 1)])
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
      const [sent] = await producer().send(topic, 'event', [eventRecord(i)], {
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
      await producer().send(topic, 'event', live(b * 5_000, (b + 1) * 5_000))
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
