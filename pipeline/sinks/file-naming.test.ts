import { describe, expect, it } from 'vitest'
import {
  compactedFileStem,
  dataFileStem,
  dataPath,
  hourDir,
  hourDirStart,
  parseDataPath,
  stemLevel,
} from './file-naming.ts'

describe('file naming', () => {
  it('names the UTC hour directory of a time, and parses it back', () => {
    const t = Date.UTC(2026, 10, 28, 3, 59, 59, 999)
    expect(hourDir(t)).toBe('date=2026-11-28/hour=03')
    expect(hourDirStart('date=2026-11-28/hour=03')).toBe(Date.UTC(2026, 10, 28, 3))
    expect(hourDirStart('date=2026-11-28/hour=24')).toBeUndefined()
    expect(hourDirStart('date=2026-02-30/hour=01')).toBeUndefined()
    expect(() => hourDir(-1)).toThrow('invalid partition time: -1')
  })

  it('names a flushed file by partition and zero-padded inclusive offset range', () => {
    expect(dataFileStem(1, 100, 199)).toBe('p1-00000000000000000100-00000000000000000199')
    expect(() => dataFileStem(0, 5, 4)).toThrow('invalid offset range: 5-4')
    const path = dataPath({
      hourDir: 'date=2026-11-28/hour=03',
      stem: dataFileStem(0, 0, 9),
      format: 'csv',
    })
    expect(path).toBe('date=2026-11-28/hour=03/p0-00000000000000000000-00000000000000000009.csv')
    expect(parseDataPath(path)).toEqual({
      hourDir: 'date=2026-11-28/hour=03',
      stem: dataFileStem(0, 0, 9),
      format: 'csv',
    })
  })

  it('names a compacted file from its inputs, independent of their order', () => {
    const a = compactedFileStem(1, ['p0-x', 'p1-y'])
    expect(a).toMatch(/^c1-[0-9a-f]{16}$/)
    expect(compactedFileStem(1, ['p1-y', 'p0-x'])).toBe(a)
    expect(compactedFileStem(2, ['p1-y', 'p0-x'])).not.toBe(a)
    expect(stemLevel(a)).toBe(1)
    expect(stemLevel(dataFileStem(0, 1, 2))).toBe(0)
  })

  it('rejects paths the sink would not write', () => {
    for (const bad of [
      '_manifest.json',
      'date=2026-11-28/hour=03/other.parquet',
      'date=2026-11-28/hour=03/p0-1-2.parquet',
      '../date=2026-11-28/hour=03/p0-00000000000000000000-00000000000000000009.parquet',
      'date=2026-11-28/hour=03/p0-00000000000000000000-00000000000000000009.json',
      '/abs/date=2026-11-28/hour=03/p0-00000000000000000000-00000000000000000009.csv',
    ]) {
      expect(parseDataPath(bad), bad).toBeUndefined()
    }
  })
})
