/**
 * The few filesystem steps that make a commit survive a power loss, not just a process kill:
 * fsync a written file, fsync a directory after an entry in it was created, renamed or removed,
 * and create a directory chain so that every new link in it is durable.
 */
import { mkdir, open, rename, rm } from 'node:fs/promises'
import { dirname } from 'node:path'

/** Flushes a file's data and metadata to stable storage. */
export async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Makes the entries of a directory (creations, renames, removals) durable. */
export async function fsyncDir(path: string): Promise<void> {
  const handle = await open(path, 'r')
  try {
    await handle.sync()
  } catch (error) {
    // Some filesystems refuse fsync on a directory; nothing more can be done there.
    if ((error as NodeJS.ErrnoException).code !== 'EINVAL') throw error
  } finally {
    await handle.close()
  }
}

/**
 * Creates `dir` and any missing parents, fsyncing the parent of each new directory.
 *
 * @example
 * await ensureDirDurable('/data/incidents/date=2026-11-28/hour=03')
 */
export async function ensureDirDurable(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true })
  if (first === undefined) return
  // mkdir returns the top-most directory it created: it and each one below it up to `dir` got a
  // new entry, and so did the parent of `first`.
  const stop = dirname(first)
  for (let current = dir; current !== stop;) {
    const parent = dirname(current)
    if (parent === current) break
    await fsyncDir(parent)
    current = parent
  }
}

/**
 * Replaces `path` with `data` atomically: write a temporary sibling, fsync it, rename it over the
 * target, fsync the directory. Readers see the old content or the new, never a mix. The
 * `afterRename` flag of a thrown error says whether the new content may already be visible.
 */
export async function replaceFileAtomic(path: string, data: string): Promise<void> {
  const temp = `${path}.tmp`
  const handle = await open(temp, 'w')
  try {
    await handle.writeFile(data)
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await rename(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
  try {
    await fsyncDir(dirname(path))
  } catch (error) {
    throw Object.assign(error as Error, { afterRename: true })
  }
}
