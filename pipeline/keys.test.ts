import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { jsonSet, jsonSetAdd, jsonSetUnion } from './combine.ts'
import { decodeKey, encodeKey } from './keys.ts'

describe('encodeKey', () => {
  it('round-trips any parts, separators and nulls included', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.option(fc.string({ unit: fc.constantFrom('a', '|', '\\', 'N', 'b') }), { nil: null }),
          { minLength: 1 },
        ),
        (parts) => {
          expect(decodeKey(encodeKey(parts))).toEqual(parts)
        },
      ),
    )
  })

  it('never maps two part lists to one key', () => {
    expect(encodeKey(['a|b', 'c'])).not.toBe(encodeKey(['a', 'b|c']))
    expect(encodeKey(['\\N'])).not.toBe(encodeKey([null]))
    expect(encodeKey(['service_level', 'web-server', 'ERROR'])).toBe(
      'service_level|web-server|ERROR',
    )
  })

  it('rejects a malformed key', () => {
    expect(() => decodeKey('a\\x')).toThrow('invalid encoded key')
    expect(() => decodeKey('\\Nx')).toThrow('invalid encoded key')
  })
})

describe('JsonSet', () => {
  it('adds strings once, prototype names included, also after a JSON round trip', () => {
    const ids = jsonSet()
    expect(['a', 'constructor', '__proto__', 'a'].map((id) => jsonSetAdd(ids, id))).toEqual([
      true,
      true,
      true,
      false,
    ])
    const restored = JSON.parse(JSON.stringify(ids)) as typeof ids
    expect(
      ['toString', '__proto__', 'constructor', 'b'].map((id) => jsonSetAdd(restored, id)),
    ).toEqual([true, false, false, true])
    expect(Object.keys(restored).sort()).toEqual(['__proto__', 'a', 'b', 'constructor', 'toString'])
    expect(Object.keys(jsonSetUnion([ids, restored])).length).toBe(5)
  })
})
