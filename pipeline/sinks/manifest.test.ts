import { describe, expect, it } from 'vitest'
import { dataFileStem } from './file-naming.ts'
import {
  dueRetired,
  emptyManifest,
  listedPaths,
  parseManifest,
  sourceOffsets,
  withCompaction,
  withFlush,
  withoutRetired,
} from './manifest.ts'

const dir = 'date=2026-11-28/hour=03'
const file = (p: number, a: number, b: number, ext = 'parquet') =>
  `${dir}/${dataFileStem(p, a, b)}.${ext}`

describe('manifest model', () => {
  it('starts empty and in the shape docs/data-layout.md describes', () => {
    const m = emptyManifest('incidents')
    expect(m).toMatchObject({ version: 1, table: 'incidents', files: { parquet: [], csv: [] } })
    expect(parseManifest(JSON.parse(JSON.stringify(m)), 'incidents')).toEqual(m)
  })

  it('commits files and offsets together, and only forward', () => {
    const m1 = withFlush(emptyManifest('incidents'), {
      added: [file(0, 0, 9), file(0, 0, 9, 'csv'), file(1, 0, 4)],
      topic: 't',
      offsets: new Map([
        [0, 10],
        [1, 5],
      ]),
      maxEventTime: 1_000,
      now: 42,
    })
    expect(m1.files.parquet).toEqual([file(0, 0, 9), file(1, 0, 4)])
    expect(m1.files.csv).toEqual([file(0, 0, 9, 'csv')])
    expect(m1).toMatchObject({
      sequence: 1,
      updated_at: 42,
      max_event_time: 1_000,
      sources: { t: { '0': 10, '1': 5 } },
    })
    expect(sourceOffsets(m1, 't')).toEqual(
      new Map([
        [0, 10],
        [1, 5],
      ]),
    )

    const m2 = withFlush(m1, {
      added: [file(0, 10, 19)],
      topic: 't',
      offsets: new Map([[0, 20]]),
      maxEventTime: 500,
      now: 41,
    })
    expect(m2).toMatchObject({
      sequence: 2,
      updated_at: 42,
      max_event_time: 1_000,
      sources: { t: { '0': 20, '1': 5 } },
    })
    expect(() =>
      withFlush(m2, {
        added: [],
        topic: 't',
        offsets: new Map([[0, 19]]),
        maxEventTime: null,
        now: 50,
      }),
    ).toThrow('would move back: 20 → 19')
    expect(() =>
      withFlush(m2, {
        added: [file(0, 0, 9)],
        topic: 't',
        offsets: new Map(),
        maxEventTime: null,
        now: 50,
      }),
    ).toThrow('already listed')
  })

  it('swaps compacted files in one step and retires the inputs', () => {
    const base = withFlush(emptyManifest('incidents'), {
      added: [file(0, 0, 9), file(1, 0, 9), file(2, 0, 9)],
      topic: 't',
      offsets: new Map([[0, 10]]),
      maxEventTime: 1,
      now: 1,
    })
    const merged = `${dir}/c1-0123456789abcdef.parquet`
    const m = withCompaction(base, {
      replaced: [file(0, 0, 9), file(1, 0, 9)],
      added: [merged],
      now: 5,
      deleteAfter: 65,
    })
    expect(m.files.parquet).toEqual([file(2, 0, 9), merged])
    expect(m.sources).toEqual(base.sources)
    expect(m.retired).toEqual([
      { path: file(0, 0, 9), delete_after: 65 },
      { path: file(1, 0, 9), delete_after: 65 },
    ])
    expect(listedPaths(m).has(file(0, 0, 9))).toBe(false)
    expect(dueRetired(m, 64)).toEqual([])
    expect(dueRetired(m, 65)).toHaveLength(2)
    expect(withoutRetired(m, dueRetired(m, 65)).retired).toEqual([])
    expect(() =>
      withCompaction(m, { replaced: [file(0, 0, 9)], added: [], now: 6, deleteAfter: 7 }),
    ).toThrow('not listed')
  })

  it('rejects a manifest that is malformed, of another table, or points outside the table', () => {
    const ok = JSON.parse(JSON.stringify(emptyManifest('alerts')))
    expect(() => parseManifest(ok, 'incidents')).toThrow('names table "alerts"')
    expect(() => parseManifest({ ...ok, version: 2 }, 'alerts')).toThrow(
      'invalid manifest of alerts',
    )
    expect(() => parseManifest({ ...ok, extra: 1 }, 'alerts')).toThrow('invalid manifest of alerts')
    const escape = { ...ok, files: { parquet: ['../incidents/x.parquet'], csv: [] } }
    expect(() => parseManifest(escape, 'alerts')).toThrow('unexpected parquet path')
    const wrongExt = { ...ok, files: { parquet: [file(0, 0, 1, 'csv')], csv: [] } }
    expect(() => parseManifest(wrongExt, 'alerts')).toThrow('unexpected parquet path')
  })
})
