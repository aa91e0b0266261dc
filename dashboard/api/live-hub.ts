/**
 * Bookkeeping of open live streams: a cap on how many may be open at once, and one switch that
 * ends them all, so a graceful shutdown does not wait on browsers that never hang up.
 */
import { OverloadedError } from '../errors.ts'

export interface LiveHub {
  /** Registers a stream; throws `OverloadedError` beyond the cap. Returns its abort signal. */
  open(): { signal: AbortSignal; close(): void }
  readonly size: number
  closeAll(): void
}

/**
 * @example
 * const hub = createLiveHub(100)
 * const { signal, close } = hub.open()
 */
export function createLiveHub(maxStreams: number): LiveHub {
  const open = new Set<AbortController>()
  return {
    open() {
      if (open.size >= maxStreams)
        throw new OverloadedError(`too many live streams (${maxStreams}); retry later`)
      const controller = new AbortController()
      open.add(controller)
      return {
        signal: controller.signal,
        close: () => {
          open.delete(controller)
          controller.abort()
        },
      }
    },
    get size() {
      return open.size
    },
    closeAll() {
      for (const c of open) c.abort()
      open.clear()
    },
  }
}
