/**
 * A fixed pool of DuckDB connections. A DuckDB connection runs one statement at a time and is
 * interrupted as a whole, so each query borrows its own connection; callers beyond the pool size
 * wait in a bounded FIFO queue, and a full queue fails fast with a retriable `OverloadedError`.
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import { OverloadedError } from '../errors.ts'

export class ConnectionPool {
  readonly #idle: DuckDBConnection[]
  readonly #all: DuckDBConnection[]
  readonly #waiters: ((c: DuckDBConnection) => void)[] = []
  readonly #maxQueue: number
  #closed = false

  constructor(connections: DuckDBConnection[], maxQueue: number) {
    if (connections.length === 0) throw new RangeError('invalid pool size: 0')
    this.#all = connections
    this.#idle = [...connections]
    this.#maxQueue = maxQueue
  }

  get size(): number {
    return this.#all.length
  }

  get waiting(): number {
    return this.#waiters.length
  }

  /** Runs `fn` with a borrowed connection and returns it to the pool afterwards. */
  async use<T>(fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await this.#acquire()
    try {
      return await fn(connection)
    } finally {
      this.#release(connection)
    }
  }

  /** Interrupts running statements and closes every connection. */
  close(): void {
    this.#closed = true
    for (const c of this.#all) {
      c.interrupt()
      c.closeSync()
    }
  }

  #acquire(): Promise<DuckDBConnection> {
    if (this.#closed) return Promise.reject(new OverloadedError('the database is shutting down'))
    const idle = this.#idle.pop()
    if (idle) return Promise.resolve(idle)
    if (this.#waiters.length >= this.#maxQueue) {
      return Promise.reject(
        new OverloadedError(
          `too many concurrent queries (${this.#waiters.length} queued); retry later`,
        ),
      )
    }
    return new Promise((resolve) => this.#waiters.push(resolve))
  }

  #release(connection: DuckDBConnection): void {
    const next = this.#waiters.shift()
    if (next) next(connection)
    else this.#idle.push(connection)
  }
}
