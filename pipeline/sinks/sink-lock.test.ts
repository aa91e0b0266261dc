import { spawnSync } from 'node:child_process'
import { readFile, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LockLostError } from './errors.ts'
import { createSinkLock, isStaleLock, type StaleContext } from './sink-lock.ts'
import { useTempDirs } from '../testing/sinks/temp-dir.ts'

const tempDir = useTempDirs()
const deadPid = (): number => {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'])
  return Number(child.stdout.toString())
}

describe('stale lock rule', () => {
  const ctx: StaleContext = {
    pid: 10,
    hostname: 'h',
    now: 100_000,
    mtimeMs: 99_000,
    staleAfterMs: 30_000,
    isAlive: (pid) => pid === 11,
    heldHere: (t) => t === 'mine',
  }
  const owner = (pid: number, hostname = 'h', token = 'x') => ({
    pid,
    hostname,
    token,
    acquired_at: 0,
  })
  it('is stale on this host when the pid is dead, live when it runs', () => {
    expect(isStaleLock(owner(11), ctx)).toBe(false)
    expect(isStaleLock(owner(12), ctx)).toBe(true)
  })
  it('treats our own pid with a token this process does not hold as an earlier incarnation', () => {
    expect(isStaleLock(owner(10, 'h', 'mine'), ctx)).toBe(false)
    expect(isStaleLock(owner(10, 'h', 'old'), ctx)).toBe(true)
  })
  it('uses the heartbeat age for another host or unreadable content', () => {
    expect(isStaleLock(owner(11, 'other'), ctx)).toBe(false)
    expect(isStaleLock(owner(11, 'other'), { ...ctx, mtimeMs: 69_999 })).toBe(true)
    expect(isStaleLock(undefined, { ...ctx, mtimeMs: 69_999 })).toBe(true)
  })
})

describe('sink lock on disk', () => {
  it('admits one holder; a second instance stands by until the first releases', async () => {
    const path = join(await tempDir(), '.sink.lock')
    const a = createSinkLock({ path, staleAfterMs: 30_000 })
    const b = createSinkLock({ path, staleAfterMs: 30_000 })
    expect(await a.tryAcquire()).toEqual({ acquired: true })
    const denied = await b.tryAcquire()
    expect(denied).toMatchObject({
      acquired: false,
      holder: { pid: process.pid, token: a.owner.token },
    })
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({
      pid: process.pid,
      hostname: a.owner.hostname,
    })
    await a.assertHeld()
    await a.release()
    expect(await b.tryAcquire()).toEqual({ acquired: true })
    await expect(a.assertHeld()).rejects.toBeInstanceOf(LockLostError)
  })

  it('takes over a lock whose pid is dead', async () => {
    const path = join(await tempDir(), '.sink.lock')
    await writeFile(
      path,
      JSON.stringify({
        pid: deadPid(),
        hostname: createSinkLock({ path, staleAfterMs: 1 }).owner.hostname,
        token: 'old',
        acquired_at: 1,
      }),
    )
    const lock = createSinkLock({ path, staleAfterMs: 30_000 })
    expect(await lock.tryAcquire()).toEqual({ acquired: true })
    expect(JSON.parse(await readFile(path, 'utf8')).token).toBe(lock.owner.token)
  })

  it('fences a holder whose lock was taken over: its next check fails', async () => {
    const path = join(await tempDir(), '.sink.lock')
    const zombie = createSinkLock({ path, staleAfterMs: 1_000 })
    await zombie.tryAcquire()
    // Another host's instance takes over after the heartbeat went stale.
    const old = new Date(Date.now() - 10_000)
    await utimes(path, old, old)
    const other = createSinkLock({ path, staleAfterMs: 1_000, hostname: 'elsewhere' })
    expect(await other.tryAcquire()).toEqual({ acquired: true })
    await expect(zombie.assertHeld()).rejects.toThrow(/lost the data directory lock.*elsewhere/)
    await zombie.release()
    await other.assertHeld()
  })
})
