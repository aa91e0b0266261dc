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
  readonly #waiters: { resolve(c: T): void; reject(error: Error): void }[] = []
  readonly #maxQueue: number
  readonly #dispose: (item: T) => void
  readonly #interrupt: (item: T) => void
  #closed = false
  #disposed = 0
  #closing: Promise<void> | undefined
  #allDisposed: () => void = () => undefined

  /**
   * @example
   * const pool = new ConnectionPool(connections, 64, (c) => c.closeSync(), (c) => c.interrupt())
   */
  constructor(
    items: T[],
    maxQueue: number,
    dispose: (item: T) => void,
    interrupt: (item: T) => void = () => undefined,
  ) {
    if (items.length === 0) throw new RangeError('invalid pool size: 0')
    this.#all = items
    this.#idle = [...items]
    this.#maxQueue = maxQueue
    this.#dispose = dispose
    this.#interrupt = interrupt
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

  /**
   * Refuses later and queued callers, interrupts the items in use, and disposes of each item once
   * it is idle: an item is never disposed of while a statement runs on it (a DuckDB connection
   * closed under a running query takes the process down). Resolves when all are disposed of.
   */
  close(): Promise<void> {
    this.#closing ??= new Promise((resolve) => {
      this.#allDisposed = resolve
      this.#closed = true
      const refused = new OverloadedError('the database is shutting down')
      for (const waiter of this.#waiters.splice(0)) waiter.reject(refused)
      const idle = new Set(this.#idle)
      for (const item of this.#all) if (!idle.has(item)) this.#interrupt(item)
      for (const item of this.#idle.splice(0)) this.#disposeOf(item)
    })
    return this.#closing
  }

  #disposeOf(item: T): void {
    this.#dispose(item)
    this.#disposed += 1
    if (this.#disposed === this.#all.length) this.#allDisposed()
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
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }))
  }

  #release(connection: T): void {
    if (this.#closed) return this.#disposeOf(connection)
    const next = this.#waiters.shift()
    if (next) next.resolve(connection)
    else this.#idle.push(connection)
  }
}
