import { describe, expect, it } from 'vitest'
import { ConfigError } from '@incident-pipeline/dataflow'
import { parseServiceMap } from './service-map.ts'

const map = (dependsOn: Record<string, string[]>) =>
  parseServiceMap({
    services: Object.fromEntries(Object.entries(dependsOn).map(([s, d]) => [s, { dependsOn: d }])),
  })

describe('parseServiceMap validation', () => {
  it('rejects unknown keys at the top and per service', () => {
    expect(() => parseServiceMap({ services: {}, extra: 1 })).toThrow(
      /\(root\): Unrecognized key: "extra"/,
    )
    expect(() => parseServiceMap({ services: { a: { dependsOn: [], calls: [] } } })).toThrow(
      /services\.a: Unrecognized key: "calls"/,
    )
  })

  it('rejects an undeclared service, naming both ends', () => {
    expect(() => map({ a: ['ghost'] })).toThrow(ConfigError)
    expect(() => map({ a: ['ghost'] })).toThrow("a depends on unknown service 'ghost'")
  })

  it('rejects a cycle, naming its path', () => {
    expect(() => map({ a: ['b'], b: ['c'], c: ['a'] })).toThrow('dependency cycle a -> b -> c -> a')
    expect(() => map({ x: ['a'], a: ['b'], b: ['a'] })).toThrow('dependency cycle a -> b -> a')
    expect(() => map({ a: ['a'] })).toThrow('dependency cycle a -> a')
  })

  it('rejects duplicates, bad names and bad types', () => {
    expect(() => map({ a: ['b', 'b'], b: [] })).toThrow("a lists 'b' twice")
    expect(() => map({ 'a b': [] })).toThrow(/letters, digits, dashes and underscores/)
    expect(() => parseServiceMap({ services: { a: { dependsOn: 'b' } } })).toThrow(
      /services\.a\.dependsOn/,
    )
  })

  it('accepts its JSON text as well as the parsed value', () => {
    expect(parseServiceMap('{"services":{"a":{"dependsOn":[]}}}').has('a')).toBe(true)
  })
})

describe('graph queries', () => {
  // web -> api -> (auth, pay); auth -> db; pay -> (db, mq); report -> db
  const m = map({
    web: ['api'],
    api: ['auth', 'pay'],
    auth: ['db'],
    pay: ['db', 'mq'],
    report: ['db'],
    db: [],
    mq: [],
  })

  it('lists direct up- and downstream services in file order', () => {
    expect(m.upstreamOf('db')).toEqual(['auth', 'pay', 'report'])
    expect(m.downstreamOf('api')).toEqual(['auth', 'pay'])
    expect(m.upstreamOf('web')).toEqual([])
    expect(m.edges).toContainEqual({ from: 'pay', to: 'mq' })
    expect(m.edges).toHaveLength(7)
  })

  it('finds neighbours with direction and shortest distance, not siblings', () => {
    expect(m.neighbours('auth', 1)).toEqual([
      { service: 'api', direction: 'upstream', hops: 1 },
      { service: 'db', direction: 'downstream', hops: 1 },
    ])
    expect(m.neighbours('db', 3)).toEqual([
      { service: 'auth', direction: 'upstream', hops: 1 },
      { service: 'pay', direction: 'upstream', hops: 1 },
      { service: 'report', direction: 'upstream', hops: 1 },
      { service: 'api', direction: 'upstream', hops: 2 },
      { service: 'web', direction: 'upstream', hops: 3 },
    ])
    expect(m.neighbours('db', 0)).toEqual([])
    // mq and db share pay but neither depends on the other.
    expect(m.neighbours('mq', 5).map((n) => n.service)).not.toContain('db')
  })

  it('relates two services: where b sits as seen from a', () => {
    expect(m.relation('web', 'db')).toEqual({ relation: 'downstream', hops: 3 })
    expect(m.relation('db', 'web')).toEqual({ relation: 'upstream', hops: 3 })
    expect(m.relation('db', 'web', 2)).toBeUndefined()
    expect(m.relation('db', 'pay', 1)).toEqual({ relation: 'upstream', hops: 1 })
    expect(m.relation('pay', 'pay')).toEqual({ relation: 'same', hops: 0 })
    expect(m.relation('mq', 'db')).toBeUndefined()
  })

  it('answers nothing for a service outside the map, and checks hops', () => {
    expect(m.has('ghost')).toBe(false)
    expect(m.upstreamOf('ghost')).toEqual([])
    expect(m.neighbours('ghost', 2)).toEqual([])
    expect(m.relation('ghost', 'db')).toBeUndefined()
    expect(m.relation('ghost', 'ghost')).toEqual({ relation: 'same', hops: 0 })
    expect(() => m.neighbours('db', -1)).toThrow('invalid hops: -1')
    expect(() => m.relation('db', 'pay', 1.5)).toThrow('invalid maxHops: 1.5')
    expect(m.neighbours('db', Infinity)).toHaveLength(5)
  })

  it('returns copies, so callers cannot change the map', () => {
    m.upstreamOf('db').push('evil')
    expect(m.upstreamOf('db')).toEqual(['auth', 'pay', 'report'])
  })
})
