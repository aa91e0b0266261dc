/**
 * Runs users' SQL in a fixed set of worker processes (`sql-worker.ts`), each with its own
 * hardened DuckDB, so a statement that cannot be interrupted still ends at its deadline: its
 * process is killed and replaced while the other workers and the server go on answering.
 * Callers beyond the worker count wait in the same bounded queue as the in-process pool.
 */
import type { Logger } from 'pino'
import { ConnectionPool } from './connection-pool.ts'
import type { QueryResult } from './run-query.ts'
import type { QueryJob, SqlWorkerSettings } from './sql-worker-protocol.ts'
import { SqlWorkerSlot } from './sql-worker-slot.ts'

export interface SqlSandboxOptions {
  settings: SqlWorkerSettings
  /** Worker processes, each running one statement at a time. */
  workers: number
  maxQueue: number
  /** Time past the statement timeout before its process is killed. */
  killGraceMs: number
  logger: Logger
}

export interface SqlSandbox {
  run(job: QueryJob, signal?: AbortSignal): Promise<QueryResult>
  close(): Promise<void>
}

/**
 * @example
 * const sandbox = await startSqlSandbox({ settings, workers: 2, maxQueue: 64, killGraceMs: 1000, logger })
 * const result = await sandbox.run({ sql: 'SELECT 1', params: [], limits })
 */
export async function startSqlSandbox(options: SqlSandboxOptions): Promise<SqlSandbox> {
  const started = await Promise.allSettled(
    Array.from({ length: options.workers }, () =>
      SqlWorkerSlot.start({
        settings: options.settings,
        killGraceMs: options.killGraceMs,
        logger: options.logger,
      }),
    ),
  )
  const slots = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
  const failed = started.find((s) => s.status === 'rejected')
  if (failed) {
    for (const slot of slots) slot.close()
    throw failed.reason
  }
  const pool = new ConnectionPool(
    slots,
    options.maxQueue,
    (slot) => slot.close(),
    (slot) => slot.close(),
  )
  return {
    run: (job, signal) => pool.use((slot) => slot.run(job, signal)),
    close: () => pool.close(),
  }
}
