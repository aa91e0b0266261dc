/**
 * Restarts of the exactly-once loop after a failure: one restart at a time however many callers
 * report errors, each one tearing the clients down, backing off and connecting again, and a
 * restart that fails itself is retried a second later.
 */
import { classifyKafkaError } from './kafka-errors.ts'
import type { RestartBackoff } from './restart-backoff.ts'
import type { Logger } from '../log.ts'

export interface RestartSupervisor {
  /** The restart in progress, if any. */
  readonly pending: Promise<void> | undefined
  /** Reports a failure: starts a restart unless one is in progress or the loop is stopping. */
  fail(error: unknown): Promise<void>
}

export interface RestartSupervisorOptions {
  readonly backoff: RestartBackoff
  readonly log: Logger
  readonly stopping: () => boolean
  /** Aborts the open transaction and disconnects. */
  readonly teardown: () => Promise<void>
  readonly connect: () => Promise<void>
}

/**
 * @example
 * const restarts = createRestartSupervisor({ backoff, log, stopping: () => stopping, teardown, connect })
 * handler().catch((error) => void restarts.fail(error))
 */
export function createRestartSupervisor(o: RestartSupervisorOptions): RestartSupervisor {
  let pending: Promise<void> | undefined

  const restart = async (error: unknown) => {
    const delayMs = o.backoff.next()
    o.log.error(
      { err: error, kind: classifyKafkaError(error), delayMs, failuresInARow: o.backoff.failures },
      'transaction failed; aborting and restarting from the committed offsets',
    )
    await o.teardown()
    await o.backoff.wait(delayMs)
    if (!o.stopping()) await o.connect()
  }

  const fail = (error: unknown): Promise<void> => {
    if (o.stopping()) return Promise.resolve()
    pending ??= restart(error)
      .catch((restartError: unknown) => {
        o.log.error({ err: restartError }, 'restart failed; retrying in 1 s')
        return new Promise<void>((resolve) => setTimeout(resolve, 1_000)).then(() => {
          pending = undefined
          return fail(restartError)
        })
      })
      .finally(() => {
        pending = undefined
      })
    return pending
  }

  return {
    get pending() {
      return pending
    },
    fail,
  }
}
