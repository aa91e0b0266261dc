/**
 * A promise-chain mutex: the EOS loop's batch handler, its commit timer and its rebalance
 * callback all touch the one open transaction, and must take turns.
 */
export interface Mutex {
  run<T>(task: () => Promise<T>): Promise<T>
}

/**
 * @example
 * const lock = createMutex()
 * await lock.run(() => commit())
 */
export function createMutex(): Mutex {
  let tail: Promise<unknown> = Promise.resolve()
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      const result = tail.then(task)
      tail = result.catch(() => undefined)
      return result
    },
  }
}
