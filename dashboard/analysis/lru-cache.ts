/**
 * A small bounded LRU cache with an optional time-to-live, built on Map's insertion order:
 * a hit moves the entry to the back, and a set beyond `maxEntries` evicts from the front.
 * Used to keep analyses per (incident id, model) so a page reload costs no tokens.
 */

export interface LruCacheOptions {
  maxEntries?: number
  /** Entries older than this are misses; 0 keeps them until evicted. */
  ttlMs?: number
  now?: () => number
}

const defaultLruCacheOptions = {
  maxEntries: 200,
  ttlMs: 0,
  now: Date.now,
} satisfies LruCacheOptions

export interface LruCache<V> {
  get(key: string): V | undefined
  set(key: string, value: V): void
  delete(key: string): boolean
  readonly size: number
}

/**
 * @example
 * const cache = createLruCache<AnalysisResult>({ maxEntries: 100, ttlMs: 3_600_000 })
 * cache.set('gemini-2.5-pro\u0000INC-0A1B2C3D', result)
 */
export function createLruCache<V>(options: LruCacheOptions = {}): LruCache<V> {
  const { maxEntries, ttlMs, now } = { ...defaultLruCacheOptions, ...options }
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new Error(`invalid maxEntries: ${maxEntries}`)
  }
  if (!(ttlMs >= 0)) throw new Error(`invalid ttlMs: ${ttlMs}`)
  const entries = new Map<string, { value: V; storedAt: number }>()

  return {
    get(key) {
      const entry = entries.get(key)
      if (entry === undefined) return undefined
      entries.delete(key)
      if (ttlMs > 0 && now() - entry.storedAt >= ttlMs) return undefined
      entries.set(key, entry)
      return entry.value
    },
    set(key, value) {
      entries.delete(key)
      entries.set(key, { value, storedAt: now() })
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries) break
        entries.delete(oldest)
      }
    },
    delete: (key) => entries.delete(key),
    get size() {
      return entries.size
    },
  }
}
