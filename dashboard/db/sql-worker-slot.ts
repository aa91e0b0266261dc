/**
 * The dashboard's handle on one SQL worker process: it starts the process, runs one statement at
 * a time on it, and enforces the hard deadline. A statement still running `killGraceMs` after its
 * timeout (DuckDB only notices an interrupt between function calls) gets its process SIGKILLed,
 * which frees all its memory at once, and a fresh process takes the slot. A process that dies
 * under a statement (out of memory, a crash) fails that statement and is replaced too.
 */
import { fork, type ChildProcess } from 'node:child_process'
import type { Logger } from 'pino'
import { DataError, QueryTimeoutError, SqlError } from '../errors.ts'
import type { QueryResult } from './run-query.ts'
import {
  decodeError,
  settingsEnv,
  type FromWorker,
  type QueryJob,
  type SqlWorkerSettings,
  type ToWorker,
} from './sql-worker-protocol.ts'

const workerEntry = new URL('./sql-worker.ts', import.meta.url)

export interface SqlWorkerSlotOptions {
  settings: SqlWorkerSettings
  killGraceMs: number
  logger: Logger
}

function startProcess(settings: SqlWorkerSettings): Promise<ChildProcess> {
  const child = fork(workerEntry, [], {
    env: { ...process.env, [settingsEnv]: JSON.stringify(settings) },
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null, signal: string | null): void =>
      reject(new DataError(`the SQL worker exited while starting (${signal ?? `exit ${code}`})`))
    child.once('exit', onExit)
    child.once('message', (m: FromWorker) => {
      child.off('exit', onExit)
      if (m.type === 'ready') resolve(child)
      else {
        child.kill('SIGKILL')
        reject(
          new DataError(
            `the SQL worker failed to start: ${m.type === 'fatal' ? m.message : m.type}`,
          ),
        )
      }
    })
  })
}

export class SqlWorkerSlot {
  readonly #options: SqlWorkerSlotOptions
  #child: Promise<ChildProcess>
  #nextId = 0
  #closed = false

  private constructor(options: SqlWorkerSlotOptions, child: ChildProcess) {
    this.#options = options
    this.#child = Promise.resolve(child)
  }

  /** Starts the worker process; resolves once its database is open. */
  static async start(options: SqlWorkerSlotOptions): Promise<SqlWorkerSlot> {
    return new SqlWorkerSlot(options, await startProcess(options.settings))
  }

  /** Runs one statement; rejects with the same typed errors as the in-process path. */
  async run(job: QueryJob, signal?: AbortSignal): Promise<QueryResult> {
    const child = await this.#child.catch(() => this.#replace())
    const id = ++this.#nextId
    return new Promise<QueryResult>((resolve, reject) => {
      const finish = (settle: () => void): void => {
        clearTimeout(deadline)
        child.off('message', onMessage)
        child.off('exit', onExit)
        signal?.removeEventListener('abort', onAbort)
        settle()
      }
      const onMessage = (m: FromWorker): void => {
        if (m.type === 'result' && m.id === id) finish(() => resolve(m.result))
        if (m.type === 'error' && m.id === id)
          finish(() => reject(decodeError(m.error, job.limits)))
      }
      const onExit = (code: number | null, sig: string | null): void =>
        finish(() => {
          void this.#replace()
          reject(new SqlError(`the statement ended its worker process (${sig ?? `exit ${code}`})`))
        })
      const deadline = setTimeout(
        () =>
          finish(() => {
            this.#options.logger.warn(
              { timeoutMs: job.limits.timeoutMs, pid: child.pid },
              'statement outlived its deadline; killing its SQL worker',
            )
            child.kill('SIGKILL')
            void this.#replace()
            reject(new QueryTimeoutError(job.limits.timeoutMs))
          }),
        job.limits.timeoutMs + this.#options.killGraceMs,
      )
      const onAbort = (): void => {
        child.send({ type: 'cancel', id } satisfies ToWorker)
      }
      child.on('message', onMessage)
      child.once('exit', onExit)
      signal?.addEventListener('abort', onAbort, { once: true })
      child.send({ type: 'query', id, ...job } satisfies ToWorker)
    })
  }

  /** Ends the worker process (once: later calls do nothing). */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#child.then(
      (c) => c.disconnect(),
      () => undefined,
    )
  }

  #replace(): Promise<ChildProcess> {
    if (this.#closed) return Promise.reject(new DataError('the SQL workers are shutting down'))
    this.#child = startProcess(this.#options.settings)
    this.#child.catch((err: unknown) =>
      this.#options.logger.error({ err }, 'a SQL worker could not be restarted'),
    )
    return this.#child
  }
}
