import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { dataFileStem } from './file-naming.ts'
import { emptyManifest, withCompaction, withFlush, type Manifest } from './manifest.ts'
import { readManifestFile, writeManifestFile } from './manifest-store.ts'
import { recoverTableDir, recoveryPlan } from './recovery.ts'
import { quietLog, useTempDirs } from '../testing/sinks/temp-dir.ts'

const tempDir = useTempDirs()
const dir3 = 'date=2026-11-28/hour=03'
const f = (p: number, a: number, b: number, ext = 'parquet') =>
  `${dir3}/${dataFileStem(p, a, b)}.${ext}`

function committed(): Manifest {
  const m = withFlush(emptyManifest('incidents'), {
    added: [f(0, 0, 9), f(0, 0, 9, 'csv'), f(1, 0, 9), f(2, 0, 9)],
    topic: 't',
    offsets: new Map([
      [0, 10],
      [1, 10],
      [2, 10],
    ]),
    maxEventTime: 1,
    now: 1_000,
  })
  return withCompaction(m, {
    replaced: [f(1, 0, 9), f(2, 0, 9)],
    added: [`${dir3}/c1-0123456789abcdef.parquet`],
    now: 1_000,
    deleteAfter: 5_000,
  })
}

describe('recovery plan', () => {
  it('removes unlisted files, keeps listed ones and retired ones still in their delay', () => {
    const m = committed()
    const onDisk = [
      '_manifest.json',
      '_manifest.json.tmp',
      f(0, 0, 9),
      f(0, 0, 9, 'csv'),
      f(0, 10, 19),
      f(1, 0, 9),
      f(2, 0, 9),
      `${dir3}/c1-0123456789abcdef.parquet`,
    ]
    expect(recoveryPlan(onDisk, m, 4_999)).toEqual({
      remove: ['_manifest.json.tmp', f(0, 10, 19)],
      missing: [],
    })
    expect(recoveryPlan(onDisk, m, 5_000).remove).toEqual([
      '_manifest.json.tmp',
      f(0, 10, 19),
      f(1, 0, 9),
      f(2, 0, 9),
    ])
    expect(recoveryPlan([], m, 0).missing).toHaveLength(3)
  })
})

describe('recovery of a table directory', () => {
  it('deletes leftovers on disk, drops due retired entries, keeps the manifest readable', async () => {
    const root = await tempDir()
    const table = join(root, 'incidents')
    const m = committed()
    await mkdir(join(table, dir3), { recursive: true })
    await mkdir(join(table, 'date=2026-11-28/hour=09'), { recursive: true })
    const all = [
      f(0, 0, 9),
      f(0, 0, 9, 'csv'),
      f(1, 0, 9),
      f(2, 0, 9),
      `${dir3}/c1-0123456789abcdef.parquet`,
      f(0, 10, 19),
      f(0, 10, 19, 'csv'),
    ]
    for (const p of all) await writeFile(join(table, p), 'x')
    await writeFile(join(table, 'date=2026-11-28/hour=09', 'stray.parquet'), 'x')
    await writeManifestFile(table, m)
    await writeFile(join(table, '_manifest.json.tmp'), '{')

    const read = await readManifestFile(table, 'incidents')
    expect(read).toEqual(m)
    const recovered = await recoverTableDir(table, read, 6_000, quietLog)
    expect(recovered.retired).toEqual([])
    expect(recovered.files).toEqual(m.files)
    expect((await readdir(join(table, dir3))).sort()).toEqual(
      [f(0, 0, 9), f(0, 0, 9, 'csv'), `${dir3}/c1-0123456789abcdef.parquet`]
        .map((p) => p.slice(dir3.length + 1))
        .sort(),
    )
    expect((await readdir(table)).sort()).toEqual(['_manifest.json', 'date=2026-11-28'])
    expect(await readdir(join(table, 'date=2026-11-28'))).toEqual(['hour=03'])
  })

  it('treats a missing manifest as an empty table and refuses a corrupt one', async () => {
    const table = join(await tempDir(), 'alerts')
    expect(await readManifestFile(table, 'alerts')).toEqual(emptyManifest('alerts'))
    await mkdir(table, { recursive: true })
    await writeFile(join(table, '_manifest.json'), '{"version":1')
    await expect(readManifestFile(table, 'alerts')).rejects.toThrow('is not JSON')
  })
})
