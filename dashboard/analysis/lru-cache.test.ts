import { describe, expect, it } from 'vitest'
import { createLruCache } from './lru-cache.ts'

describe('createLruCache', () => {
  it('evicts the least recently used entry beyond maxEntries', () => {
    const cache = createLruCache<number>({ maxEntries: 2 })
    cache.set('a', 1)
    cache.set('b', 2)
    expect(cache.get('a')).toBe(1) // a is now the most recent
    cache.set('c', 3)
    expect(cache.get('b')).toBeUndefined()
    expect(cache.get('a')).toBe(1)
    expect(cache.get('c')).toBe(3)
    expect(cache.size).toBe(2)
  })

  it('expires entries after ttlMs', () => {
    let now = 0
    const cache = createLruCache<string>({ ttlMs: 100, now: () => now })
    cache.set('k', 'v')
    now = 99
    expect(cache.get('k')).toBe('v')
    now = 100
    expect(cache.get('k')).toBeUndefined()
    expect(cache.size).toBe(0)
  })

  it('validates its options', () => {
    expect(() => createLruCache({ maxEntries: 0 })).toThrow('invalid maxEntries: 0')
    expect(() => createLruCache({ ttlMs: -5 })).toThrow('invalid ttlMs: -5')
  })
})
