import { describe, expect, it } from 'vitest'
import { planCompactions, type CompactionPolicy } from './compaction-plan.ts'
import { compactedFileStem, dataFileStem } from './file-naming.ts'

const HOUR = 3_600_000
const h3 = Date.UTC(2026, 10, 28, 3)
const dir3 = 'date=2026-11-28/hour=03'
const dir4 = 'date=2026-11-28/hour=04'
const policy: CompactionPolicy = { fanout: 4, graceMs: 60_000, quietMs: 10_000 }
const small = (dir: string, n: number, ext: 'parquet' | 'csv' = 'parquet') =>
  Array.from({ length: n }, (_, i) => `${dir}/${dataFileStem(i % 3, i * 10, i * 10 + 9)}.${ext}`)

describe('compaction planning', () => {
  it('leaves an open hour alone below the fanout', () => {
    const files = { parquet: small(dir3, 3), csv: small(dir3, 3, 'csv') }
    expect(
      planCompactions(files, { now: 0, maxEventTime: h3, lastWriteAt: () => 0 }, policy),
    ).toEqual([])
  })

  it('merges a full level of an open hour into the next level, per format with the same stem', () => {
    const files = { parquet: small(dir3, 5), csv: small(dir3, 5, 'csv') }
    const plans = planCompactions(files, { now: 0, maxEventTime: h3, lastWriteAt: () => 0 }, policy)
    expect(plans.map((p) => [p.format, p.inputs.length, p.closed])).toEqual([
      ['parquet', 5, false],
      ['csv', 5, false],
    ])
    expect(plans[0]?.output.replace('.parquet', '')).toBe(plans[1]?.output.replace('.csv', ''))
    expect(plans[0]?.output).toMatch(new RegExp(`^${dir3}/c1-[0-9a-f]{16}\\.parquet$`))
  })

  it('merges every file of a closed, quiet hour into one, including earlier compacted files', () => {
    const c1 = `${dir3}/${compactedFileStem(1, ['a'])}.parquet`
    const files = { parquet: [c1, ...small(dir3, 2), ...small(dir4, 2)], csv: [] }
    const closedCtx = { now: 100_000, maxEventTime: h3 + HOUR + 60_000, lastWriteAt: () => 90_000 }
    const plans = planCompactions(files, closedCtx, policy)
    expect(plans).toHaveLength(1)
    expect(plans[0]).toMatchObject({ hourDir: dir3, format: 'parquet', closed: true })
    expect(plans[0]?.inputs).toHaveLength(3)
    expect(plans[0]?.output).toMatch(/\/c2-/)
    // Not past the grace, or written to recently: still open.
    expect(
      planCompactions(files, { ...closedCtx, maxEventTime: h3 + HOUR + 59_999 }, policy),
    ).toEqual([])
    expect(planCompactions(files, { ...closedCtx, lastWriteAt: () => 90_001 }, policy)).toEqual([])
  })

  it('does nothing for a closed hour that already has one file per format', () => {
    const files = { parquet: small(dir3, 1), csv: small(dir3, 1, 'csv') }
    expect(
      planCompactions(
        files,
        { now: 1e9, maxEventTime: h3 + 10 * HOUR, lastWriteAt: () => 0 },
        policy,
      ),
    ).toEqual([])
  })
})
