/**
 * Waits, after the topology has drained and its sink has committed every enriched record, until
 * the sink has also committed every record of the alerts topic: the alerts of the last windows are
 * written when the end-of-input marker closes them, and the alert scoring must see all of them.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ConnectionOptions } from '@incident-pipeline/dataflow/kafka'
import { topicEnds, waitFor } from '@incident-pipeline/dataflow/testing'

/**
 * True when the alerts manifest `text` (undefined: none yet) commits `topic` up to `ends`; the
 * last offset of a transactional partition may be a commit marker, never a row. Pure.
 */
export function alertsCaughtUp(
  text: string | undefined,
  topic: string,
  ends: ReadonlyMap<number, number>,
): boolean {
  if ([...ends.values()].every((end) => end === 0)) return true
  if (text === undefined) return false
  const manifest = JSON.parse(text) as { sources?: Record<string, Record<string, number>> }
  const offsets = manifest.sources?.[topic] ?? {}
  return [...ends].every(([p, end]) => end === 0 || (offsets[p] ?? 0) >= end - 1)
}

async function manifestText(dataDir: string): Promise<string | undefined> {
  try {
    return await readFile(join(dataDir, 'alerts', '_manifest.json'), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

export interface AlertsCommittedOptions {
  connection: ConnectionOptions
  /** The run's alerts topic. */
  topic: string
  dataDir: string
  /** Called on every poll; throws to give up early. */
  check: () => void
}

/**
 * @example
 * await waitForAlerts({ connection, topic: names.alerts, dataDir, check: alive })
 */
export async function waitForAlerts(o: AlertsCommittedOptions): Promise<void> {
  const ends = await topicEnds(o.connection, o.topic)
  await waitFor(
    async () => {
      o.check()
      return alertsCaughtUp(await manifestText(o.dataDir), o.topic, ends)
    },
    { timeoutMs: 300_000, intervalMs: 250, what: 'the file sink to commit every alert' },
  )
}
