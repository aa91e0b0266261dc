/**
 * A fresh temporary directory per test, removed afterwards, and a logger that stays quiet.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { afterEach } from 'vitest'

export const quietLog = pino({ level: 'silent' })

/** Registers cleanup in the calling test file; returns a function that makes a new directory. */
export function useTempDirs(prefix = 'sink-'): () => Promise<string> {
  const made: string[] = []
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
  })
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), prefix))
    made.push(dir)
    return dir
  }
}
