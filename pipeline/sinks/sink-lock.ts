/**
 * The single-writer lock of a data directory, `<dataDir>/.sink.lock`, holding the owner's pid,
 * hostname and a random token. It is the sink's fencing: only the holder writes data files or
 * manifests, and it re-reads the lock before every manifest commit, so an instance whose lock
 * was taken over fails its next commit instead of publishing anything.
 *
 * A lock is stale, and may be taken over, when its owner is on this host and its pid is dead (or
 * is this very process but the token is not one this process holds: an earlier incarnation under
 * a reused pid, as in a restarted container); or, for an owner on another host, whose liveness
 * cannot be checked, when its heartbeat (the file's mtime) is older than `staleAfterMs`. On one
 * host the pid check makes takeover impossible while the holder lives, so fencing is complete.
 * Across hosts (a shared volume) it is a lease: a holder paused longer than `staleAfterMs` between
 * its check and its rename could still commit once, so run one sink per data directory there.
 */
import { randomUUID } from 'node:crypto'
import { link, open, readFile, rename, rm, stat, utimes } from 'node:fs/promises'
import { hostname as osHostname } from 'node:os'
import { dirname } from 'node:path'
import { fsyncDir } from './durable-fs.ts'
import { LockLostError } from './errors.ts'

export interface LockOwner {
  readonly pid: number
  readonly hostname: string
  readonly token: string
  readonly acquired_at: number
}

export interface SinkLockOptions {
  path: string
  /** A lock from another host whose mtime is older than this is stale. */
  staleAfterMs: number
  pid?: number
  hostname?: string
}

export type AcquireResult = { acquired: true } | { acquired: false; holder: LockOwner | undefined }

export interface SinkLock {
  readonly path: string
  readonly held: boolean
  readonly owner: LockOwner
  /** One attempt: takes a free or stale lock, or reports the live holder. */
  tryAcquire(): Promise<AcquireResult>
  /** Throws LockLostError unless the lock file still names this owner. */
  assertHeld(): Promise<void>
  /** Checks ownership and refreshes the mtime that other hosts read as a heartbeat. */
  heartbeat(): Promise<void>
  release(): Promise<void>
}

/** Tokens of the locks held by live SinkLock objects in this process. */
const heldInThisProcess = new Set<string>()

export interface StaleContext {
  pid: number
  hostname: string
  now: number
  mtimeMs: number
  staleAfterMs: number
  isAlive(pid: number): boolean
  heldHere(token: string): boolean
}

/** Whether a lock found on disk may be taken over (`undefined` owner: unreadable content). */
export function isStaleLock(owner: LockOwner | undefined, ctx: StaleContext): boolean {
  if (owner && owner.hostname === ctx.hostname) {
    if (owner.pid === ctx.pid) return !ctx.heldHere(owner.token)
    return !ctx.isAlive(owner.pid)
  }
  return ctx.now - ctx.mtimeMs > ctx.staleAfterMs
}

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const o = JSON.parse(text) as Partial<LockOwner>
    const valid =
      Number.isInteger(o.pid) && typeof o.hostname === 'string' && typeof o.token === 'string'
    return valid ? (o as LockOwner) : undefined
  } catch {
    return undefined
  }
}

async function readLock(
  path: string,
): Promise<{ text: string; owner: LockOwner | undefined; mtimeMs: number } | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)])
    return { text, owner: parseOwner(text), mtimeMs: info.mtimeMs }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

// Written whole to a temporary file, then hard-linked into place: link fails when the lock
// exists, and a crash can never leave a half-written lock file.
async function createExclusive(path: string, owner: LockOwner): Promise<boolean> {
  const temp = `${path}.${owner.token}.tmp`
  const handle = await open(temp, 'w')
  try {
    await handle.writeFile(JSON.stringify({ ...owner, acquired_at: Date.now() }))
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await link(temp, path)
    await fsyncDir(dirname(path))
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  } finally {
    await rm(temp, { force: true })
  }
}

/**
 * Removes the stale lock last read as `seenText`. Returns undefined when it is gone (removed, or
 * vanished first) so the caller may try again, or the result to report when someone else took
 * the lock between our read and our rename.
 */
async function removeStale(
  path: string,
  token: string,
  seenText: string,
): Promise<AcquireResult | undefined> {
  // Move the stale lock aside: rename is atomic, so of several contenders only one moves it.
  const aside = `${path}.${token}.stale`
  try {
    await rename(path, aside)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  const moved = await readLock(aside)
  if (moved?.text !== seenText) {
    // Someone took the stale lock between our read and our rename: give theirs back.
    await link(aside, path).catch(() => undefined)
    await rm(aside, { force: true })
    return { acquired: false, holder: moved?.owner }
  }
  await rm(aside, { force: true })
  return undefined
}

/**
 * @example
 * const lock = createSinkLock({ path: 'data/.sink.lock', staleAfterMs: 30_000 })
 * if ((await lock.tryAcquire()).acquired) { … await lock.assertHeld(); commit … }
 */
export function createSinkLock(options: SinkLockOptions): SinkLock {
  const { path, staleAfterMs } = options
  const owner: LockOwner = {
    pid: options.pid ?? process.pid,
    hostname: options.hostname ?? osHostname(),
    token: randomUUID(),
    acquired_at: 0,
  }
  let held = false

  const staleContext = (mtimeMs: number): StaleContext => ({
    pid: owner.pid,
    hostname: owner.hostname,
    now: Date.now(),
    mtimeMs,
    staleAfterMs,
    isAlive: isPidAlive,
    heldHere: (token) => heldInThisProcess.has(token),
  })

  async function tryAcquire(): Promise<AcquireResult> {
    if (held) return { acquired: true }
    let holder: LockOwner | undefined
    for (let attempt = 0; attempt < 3; attempt += 1) {
      if (await createExclusive(path, owner)) {
        held = true
        heldInThisProcess.add(owner.token)
        return { acquired: true }
      }
      const seen = await readLock(path)
      if (!seen) continue
      holder = seen.owner
      if (!isStaleLock(seen.owner, staleContext(seen.mtimeMs))) return { acquired: false, holder }
      const lost = await removeStale(path, owner.token, seen.text)
      if (lost) return lost
    }
    return { acquired: false, holder }
  }

  async function assertHeld(): Promise<void> {
    const seen = held ? await readLock(path) : undefined
    if (seen?.owner?.token === owner.token) return
    held = false
    heldInThisProcess.delete(owner.token)
    const by = seen?.owner ? `${seen.owner.hostname} pid ${seen.owner.pid}` : 'nobody'
    throw new LockLostError(`lost the data directory lock ${path}; it is now held by ${by}`)
  }

  return {
    path,
    get held() {
      return held
    },
    owner,
    tryAcquire,
    assertHeld,
    async heartbeat() {
      await assertHeld()
      const now = new Date()
      await utimes(path, now, now)
    },
    async release() {
      if (!held) return
      held = false
      heldInThisProcess.delete(owner.token)
      const seen = await readLock(path)
      if (seen?.owner?.token === owner.token) await rm(path, { force: true })
    },
  }
}
