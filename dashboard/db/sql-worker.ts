/**
 * Entry point of one SQL worker process. It opens its own hardened DuckDB over the data directory
 * (views kept fresh from the manifests), answers one user statement at a time through the same
 * guard and limits as the in-process path, and interrupts the statement on `cancel`. The
 * dashboard kills the whole process when a statement outlives its deadline, which frees
 * everything the statement held even when DuckDB cannot be interrupted inside one function call.
 */
import { createLogger } from '../logger.ts'
import { openDashboardDb } from './dashboard-db.ts'
import {
  encodeError,
  settingsEnv,
  type FromWorker,
  type SqlWorkerSettings,
  type ToWorker,
} from './sql-worker-protocol.ts'

const send = (message: FromWorker): void => {
  process.send?.(message)
}

async function main(): Promise<void> {
  const settings = JSON.parse(process.env[settingsEnv] ?? '{}') as SqlWorkerSettings
  const logger = createLogger('dashboard-sql-worker', settings.logLevel)
  const db = await openDashboardDb({
    ...settings,
    poolSize: 1,
    maxQueue: 0,
    workers: 0,
    logger,
  })
  const running = new Map<number, AbortController>()
  process.on('message', (message: ToWorker) => {
    if (message.type === 'cancel') {
      running.get(message.id)?.abort()
      return
    }
    const controller = new AbortController()
    running.set(message.id, controller)
    db.sql(message.sql, message.params, message.limits, controller.signal)
      .then((result) => send({ type: 'result', id: message.id, result }))
      .catch((err: unknown) => send({ type: 'error', id: message.id, error: encodeError(err) }))
      .finally(() => running.delete(message.id))
  })
  // The dashboard closing its end of the channel is the signal to stop.
  process.on('disconnect', () => {
    void db.close().finally(() => process.exit(0))
  })
  send({ type: 'ready' })
}

main().catch((err: unknown) => {
  send({ type: 'fatal', message: err instanceof Error ? err.message : String(err) })
  process.exit(1)
})
