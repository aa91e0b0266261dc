/**
 * The public contract of the file sink: what `createFileSink` returns and what `stats()` reports.
 */
import type { TableCounters, TableGauges } from './sink-metrics.ts'

export type SinkState =
  'idle' | 'starting' | 'standby' | 'running' | 'stopping' | 'stopped' | 'failed'

export interface TableStats extends TableCounters, Omit<TableGauges, 'table'> {
  topic: string
}

export interface FileSinkStats {
  state: SinkState
  /** Whether this instance holds the lock, i.e. is the active writer. */
  lockHeld: boolean
  tables: Record<string, TableStats>
}

export interface FileSink {
  /** Resolves once the sink runs, or once it waits as a standby behind a live lock holder. */
  start(): Promise<void>
  /** Commits what is buffered, releases the lock and disconnects. Safe to call in any state. */
  stop(): Promise<void>
  stats(): FileSinkStats
  /** Settles when the sink has ended: resolves after stop(), rejects with a fatal error. */
  readonly finished: Promise<void>
}
