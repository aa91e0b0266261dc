/**
 * Reads and atomically replaces a table's `_manifest.json`. The rename over the old manifest is
 * the commit point of every flush and compaction: before it nothing new is visible, after it
 * everything is. A manifest that cannot be parsed stops the sink instead of being overwritten,
 * since overwriting it would forget committed files and offsets.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { replaceFileAtomic } from './durable-fs.ts'
import { ManifestError } from './errors.ts'
import { emptyManifest, manifestFileName, parseManifest, type Manifest } from './manifest.ts'

/**
 * The committed manifest of a table directory, or an empty one when there is none yet.
 *
 * @example
 * const manifest = await readManifestFile('/data/incidents', 'incidents')
 */
export async function readManifestFile(tableDir: string, table: string): Promise<Manifest> {
  const path = join(tableDir, manifestFileName)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return emptyManifest(table)
    throw new ManifestError('MANIFEST_INVALID', `cannot read ${path}`, { cause, retriable: true })
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (cause) {
    throw new ManifestError(
      'MANIFEST_INVALID',
      `${path} is not JSON; move it away only if the table may be rebuilt from Kafka`,
      { cause },
    )
  }
  return parseManifest(raw, table)
}

/**
 * Commits `manifest` as the table's manifest (temp file, fsync, rename, fsync directory). A
 * failure before the rename leaves the old manifest in place and is retriable; one after it has
 * an unknown outcome and is not.
 */
export async function writeManifestFile(tableDir: string, manifest: Manifest): Promise<void> {
  const path = join(tableDir, manifestFileName)
  try {
    await replaceFileAtomic(path, `${JSON.stringify(manifest, null, 1)}\n`)
  } catch (cause) {
    const afterRename = (cause as { afterRename?: boolean }).afterRename === true
    throw new ManifestError(
      'MANIFEST_COMMIT',
      `cannot commit ${path}${afterRename ? ' (outcome unknown)' : ''}`,
      {
        cause,
        retriable: !afterRename,
      },
    )
  }
}
