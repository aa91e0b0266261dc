/**
 * The public contract of the file sink: what `createFileSink` returns and what `stats()` reports.
 */
import type { TableCounters, TableGauges } from './sink-metrics.ts'

/** Where the sink is in its life: `standby` waits for the lock, `failed` ended on an error. */
export type SinkState =
  'idle' | 'starting' | 'standby' | 'running' | 'stopping' | 'stopped' | 'failed'

/** One table's counters and gauges, with the topic it reads. */
export interface TableStats extends TableCounters, Omit<TableGauges, 'table'> {
  topic: string
}

/** What `FileSink.stats()` reports. */
export interface FileSinkStats {
  state: SinkState
  /** Whether this instance holds the lock, i.e. is the active writer. */
  lockHeld: boolean
  /** Table name → its stats. */
  tables: Record<string, TableStats>
}

/** A running file sink, built by `createFileSink`. */
export interface FileSink {
  /** Resolves once the sink runs, or once it waits as a standby behind a live lock holder. */
  start(): Promise<void>
  /** Commits what is buffered, releases the lock and disconnects. Safe to call in any state. */
  stop(): Promise<void>
  stats(): FileSinkStats
  /** Settles when the sink has ended: resolves after stop(), rejects with a fatal error. */
  readonly finished: Promise<void>
}
