/**
 * A fixed pool of things that run one statement at a time: DuckDB connections (a connection is
 * interrupted as a whole, so each query borrows its own) or SQL worker processes. Callers beyond
 * the pool size wait in a bounded FIFO queue, and a full queue fails fast with a retriable
 * `OverloadedError`.
 */
import { OverloadedError } from '../errors.ts'

export class ConnectionPool<T> {
  readonly #idle: T[]
  readonly #all: T[]
  readonly #waiters: ((c: T) => void)[] = []
  readonly #maxQueue: number
  readonly #dispose: (item: T) => void
  #closed = false

  /**
   * @example
   * const pool = new ConnectionPool(connections, 64, (c) => c.closeSync())
   */
  constructor(items: T[], maxQueue: number, dispose: (item: T) => void) {
    if (items.length === 0) throw new RangeError('invalid pool size: 0')
    this.#all = items
    this.#idle = [...items]
    this.#maxQueue = maxQueue
    this.#dispose = dispose
  }

  get size(): number {
    return this.#all.length
  }

  get waiting(): number {
    return this.#waiters.length
  }

  /** Runs `fn` with a borrowed item and returns it to the pool afterwards. */
  async use<R>(fn: (item: T) => Promise<R>): Promise<R> {
    const connection = await this.#acquire()
    try {
      return await fn(connection)
    } finally {
      this.#release(connection)
    }
  }

  /** Disposes of every item; later callers are refused. */
  close(): void {
    this.#closed = true
    for (const item of this.#all) this.#dispose(item)
  }

  #acquire(): Promise<T> {
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

  #release(connection: T): void {
    const next = this.#waiters.shift()
    if (next) next(connection)
    else this.#idle.push(connection)
  }
}
