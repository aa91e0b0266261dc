import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { sinkCaughtUp } from './drain.ts'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function dataDir(sources?: Record<string, Record<string, number>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'drain-'))
  dirs.push(dir)
  if (sources) {
    mkdirSync(join(dir, 'incidents'))
    writeFileSync(join(dir, 'incidents', '_manifest.json'), JSON.stringify({ sources }))
  }
  return dir
}

describe('sinkCaughtUp', () => {
  const ends = new Map([
    [0, 11],
    [1, 0],
    [2, 5],
  ])

  it('is false while there is no manifest', () => {
    expect(sinkCaughtUp(dataDir(), 'incidents', 'enriched', ends)).toBe(false)
  })

  it('waits for every non-empty partition, up to its commit marker', () => {
    expect(
      sinkCaughtUp(dataDir({ enriched: { '0': 10, '2': 3 } }), 'incidents', 'enriched', ends),
    ).toBe(false)
    expect(
      sinkCaughtUp(dataDir({ enriched: { '0': 10, '2': 4 } }), 'incidents', 'enriched', ends),
    ).toBe(true)
  })

  it('reads only the given topic', () => {
    expect(
      sinkCaughtUp(dataDir({ other: { '0': 11, '2': 5 } }), 'incidents', 'enriched', ends),
    ).toBe(false)
  })
})
