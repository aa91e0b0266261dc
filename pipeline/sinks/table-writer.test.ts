import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { schemaText, testTable } from '../testing/sinks/test-tables.ts'
import { LockLostError } from './errors.ts'
import { dataFileStem } from './file-naming.ts'
import { readManifestFile } from './manifest-store.ts'
import { createParquetCsvWriter, type ParquetCsvWriter } from './parquet-csv-writer.ts'
import { columnsFromAvro, createRowMapper } from './row-mapping.ts'
import { createSinkLock, type SinkLock } from './sink-lock.ts'
import { createSinkMetrics } from './sink-metrics.ts'
import { TableWriter, type TableCompactionSettings } from './table-writer.ts'
import { committedRows } from '../testing/sinks/committed-rows.ts'
import { baseTime, eventRecord } from '../testing/sinks/records.ts'
import { quietLog, useTempDirs } from '../testing/sinks/temp-dir.ts'

const tempDir = useTempDirs()
const HOUR = 3_600_000
const columns = columnsFromAvro(JSON.parse(schemaText('event')))
const toRow = createRowMapper(columns, 'event_time')
const noCompaction: TableCompactionSettings = {
  enabled: false,
  fanout: 2,
  graceMs: 0,
  quietMs: 0,
  retireDelayMs: 0,
  backoffMs: 0,
}
let writer: ParquetCsvWriter

beforeAll(async () => {
  writer = await createParquetCsvWriter({ threads: 1 })
})
afterAll(() => writer.close())

async function openTable(
  dataDir: string,
  options: {
    lock?: SinkLock
    compaction?: TableCompactionSettings
    now?: () => number
    writer?: ParquetCsvWriter
  } = {},
) {
  const lock =
    options.lock ?? createSinkLock({ path: join(dataDir, '.sink.lock'), staleAfterMs: 30_000 })
  await lock.tryAcquire()
  const metrics = createSinkMetrics(['incidents'], {
    lockHeld: () => true,
    tables: () => [],
    duckdbMemory: async () => undefined,
  })
  const table = await TableWriter.open({
    spec: testTable('incidents', 'event', 'enriched'),
    columns,
    topic: 'enriched',
    dataDir,
    formats: ['parquet', 'csv'],
    writer: options.writer ?? writer,
    lock,
    metrics,
    log: quietLog,
    compaction: options.compaction ?? noCompaction,
    now: options.now ?? Date.now,
  })
  return { table, lock, metrics }
}

/** Feeds incidents [from, to) spread over 3 partitions and two event hours. */
function feed(table: TableWriter, from: number, to: number): void {
  for (let i = from; i < to; i += 1)
    table.add(i % 3, Math.floor(i / 3), toRow(eventRecord(i, baseTime + (i % 2) * HOUR + i)))
}

describe('table writer', () => {
  it('commits one file per hour, partition and format, with the offsets, in one manifest', async () => {
    const dataDir = await tempDir()
    const { table, metrics } = await openTable(dataDir)
    feed(table, 0, 60)
    expect(table.bufferedRows).toBe(60)
    expect(await table.flush()).toBe(true)
    expect(await table.flush()).toBe(false)
    const manifest = await readManifestFile(join(dataDir, 'incidents'), 'incidents')
    expect(manifest.files.parquet).toHaveLength(6)
    expect(manifest.files.csv).toHaveLength(6)
    expect(manifest.sources).toEqual({ enriched: { '0': 20, '1': 20, '2': 20 } })
    expect(manifest.max_event_time).toBe(baseTime + HOUR + 59)
    expect(manifest.files.parquet).toContain(
      `date=2026-11-28/hour=04/${dataFileStem(1, 0, 18)}.parquet`,
    )
    expect(await committedRows(dataDir, 'incidents', 'event_id')).toMatchObject({
      parquet: { rows: 60, distinct: 60 },
      csv: { rows: 60, distinct: 60 },
    })
    expect(metrics.tables.get('incidents')).toMatchObject({
      rowsWritten: 60,
      flushes: 1,
      filesWritten: 12,
    })
  })

  it('recovers after a crash: unlisted files go, the replay resumes at the committed offsets', async () => {
    const dataDir = await tempDir()
    const first = await openTable(dataDir)
    feed(first.table, 0, 30)
    await first.table.flush()
    // The crashed run had written files for the next range and a temporary manifest, then died.
    const stray = join(
      dataDir,
      'incidents',
      'date=2026-11-28',
      'hour=03',
      `${dataFileStem(0, 10, 14)}.parquet`,
    )
    await writeFile(stray, 'partial')
    await writeFile(join(dataDir, 'incidents', '_manifest.json.tmp'), '{"half')
    await first.lock.release()

    const second = await openTable(dataDir)
    expect(await readdir(join(dataDir, 'incidents'))).not.toContain('_manifest.json.tmp')
    expect(await readdir(join(dataDir, 'incidents', 'date=2026-11-28', 'hour=03'))).not.toContain(
      `${dataFileStem(0, 10, 14)}.parquet`,
    )
    expect([0, 1, 2].map((p) => second.table.nextOffset(p))).toEqual([10, 10, 10])
    // The source redelivers from the committed offsets; anything earlier would be a reset.
    expect(() => second.table.add(0, 9, undefined)).toThrow(
      /delivered offset 9 after 9 was committed/,
    )
    feed(second.table, 30, 45)
    await second.table.flush()
    expect(await committedRows(dataDir, 'incidents', 'event_id')).toMatchObject({
      parquet: { rows: 45, distinct: 45 },
      csv: { rows: 45, distinct: 45 },
    })
  })

  it('keeps the buffer and removes its files when a flush fails, and commits on retry', async () => {
    const dataDir = await tempDir()
    let calls = 0
    const flaky: ParquetCsvWriter = {
      ...writer,
      write: async (...args) => {
        calls += 1
        if (calls === 2) throw new Error('disk full')
        return writer.write(...args)
      },
      close: () => undefined,
    }
    const { table } = await openTable(dataDir, { writer: flaky })
    feed(table, 0, 12)
    await expect(table.flush()).rejects.toThrow('disk full')
    expect(table.bufferedRows).toBe(12)
    const hour = await readdir(join(dataDir, 'incidents', 'date=2026-11-28', 'hour=03')).catch(
      () => [],
    )
    expect(hour).toEqual([])
    expect(await table.flush()).toBe(true)
    expect((await committedRows(dataDir, 'incidents', 'event_id')).parquet).toEqual({
      rows: 12,
      distinct: 12,
    })
  })

  it('writes nothing once the lock was taken over (fencing)', async () => {
    const dataDir = await tempDir()
    const { table, lock } = await openTable(dataDir)
    feed(table, 0, 6)
    await table.flush()
    await lock.release()
    const thief = createSinkLock({ path: lock.path, staleAfterMs: 30_000 })
    await thief.tryAcquire()
    feed(table, 6, 12)
    await expect(table.flush()).rejects.toBeInstanceOf(LockLostError)
    expect((await committedRows(dataDir, 'incidents', 'event_id')).parquet.rows).toBe(6)
  })

  it('compacts a closed hour in one manifest swap, keeps the count, deletes replaced files later', async () => {
    const dataDir = await tempDir()
    let now = Date.now()
    const compaction = {
      ...noCompaction,
      enabled: true,
      fanout: 100,
      retireDelayMs: 5_000,
      quietMs: 1_000,
    }
    const { table, metrics } = await openTable(dataDir, { compaction, now: () => now })
    for (let round = 0; round < 4; round += 1) {
      feed(table, round * 30, round * 30 + 30)
      await table.flush()
    }
    const before = await readManifestFile(join(dataDir, 'incidents'), 'incidents')
    expect(before.files.parquet).toHaveLength(24)
    now += 1_000
    await table.maintain()
    const after = await readManifestFile(join(dataDir, 'incidents'), 'incidents')
    // Hour 03 is closed (hour 04 data is past its end); hour 04 is still open.
    expect(after.files.parquet.filter((p) => p.includes('hour=03'))).toHaveLength(1)
    expect(after.files.csv.filter((p) => p.includes('hour=03'))).toHaveLength(1)
    expect(after.files.parquet.filter((p) => p.includes('hour=04'))).toHaveLength(12)
    expect(after.retired).toHaveLength(24)
    expect(after.sources).toEqual(before.sources)
    expect(await committedRows(dataDir, 'incidents', 'event_id')).toMatchObject({
      parquet: { rows: 120, distinct: 120 },
      csv: { rows: 120, distinct: 120 },
    })
    expect(metrics.tables.get('incidents')?.compactions).toBe(1)
    const hourDir = join(dataDir, 'incidents', 'date=2026-11-28', 'hour=03')
    expect(await readdir(hourDir)).toHaveLength(26)
    now += 5_000
    await table.maintain()
    expect(await readdir(hourDir)).toHaveLength(2)

    // Late data for the compacted hour adds small files; the next pass merges them again.
    table.add(0, 40, toRow(eventRecord(1_000, baseTime + 5)))
    await table.flush()
    expect(await committedRows(dataDir, 'incidents', 'event_id')).toMatchObject({
      parquet: { rows: 121, distinct: 121 },
    })
    now += 1_000
    await table.maintain()
    const final = await readManifestFile(join(dataDir, 'incidents'), 'incidents')
    expect(final.files.parquet.filter((p) => p.includes('hour=03'))).toHaveLength(1)
    expect(await committedRows(dataDir, 'incidents', 'event_id')).toMatchObject({
      parquet: { rows: 121, distinct: 121 },
      csv: { rows: 121, distinct: 121 },
    })
  })

  it('merges an open hour in tiers once a level reaches the fanout', async () => {
    const dataDir = await tempDir()
    const compaction = { ...noCompaction, enabled: true, fanout: 4, graceMs: 10 * HOUR }
    const { table } = await openTable(dataDir, { compaction })
    for (let i = 0; i < 4; i += 1) {
      table.add(0, i, toRow(eventRecord(i, baseTime + i)))
      await table.flush()
    }
    await table.maintain()
    const m = await readManifestFile(join(dataDir, 'incidents'), 'incidents')
    expect(m.files.parquet).toEqual([expect.stringMatching(/hour=03\/c1-[0-9a-f]{16}\.parquet$/)])
    expect((await committedRows(dataDir, 'incidents', 'event_id')).csv.rows).toBe(4)
  })
})
