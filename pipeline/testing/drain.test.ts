import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { sinkShortOf } from './drain.ts'

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

describe('sinkShortOf', () => {
  const ends = new Map([
    [0, 11],
    [1, 0],
    [2, 5],
  ])

  it('is undefined while there is no manifest', () => {
    expect(sinkShortOf(dataDir(), 'incidents', 'enriched', ends)).toBeUndefined()
  })

  it('names each non-empty partition short of its end, with the offset it has committed', () => {
    expect(
      sinkShortOf(dataDir({ enriched: { '0': 10, '2': 3 } }), 'incidents', 'enriched', ends),
    ).toEqual(
      new Map([
        [0, 10],
        [2, 3],
      ]),
    )
    expect(
      sinkShortOf(dataDir({ enriched: { '0': 11, '2': 5 } }), 'incidents', 'enriched', ends),
    ).toEqual(new Map())
  })

  it('reads only the given topic', () => {
    expect(
      sinkShortOf(dataDir({ other: { '0': 11, '2': 5 } }), 'incidents', 'enriched', ends),
    ).toEqual(
      new Map([
        [0, 0],
        [2, 0],
      ]),
    )
  })
})
