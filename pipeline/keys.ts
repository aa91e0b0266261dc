/**
 * Composite keys for `combinePerKey`. Keys must be strings (state is JSON and the Kafka runner
 * repartitions by key), yet a key often has several parts, some of them null. `encodeKey` joins
 * the parts with `|`, escaping `|` and `\` inside a part and writing null as `\N`, so any text
 * round-trips, distinct part lists never collide, and keys stay readable in state and logs:
 * `service_level|web-server|ERROR`. `decodeKey` reads them back.
 */
import { StateError } from './errors.ts'

/** One part of a composite key; null is encoded as `\N`. */
export type KeyPart = string | null

const special = /[|\\]/g

/**
 * @example
 * encodeKey(['service_level', 'web-server', 'ERROR']) // 'service_level|web-server|ERROR'
 * encodeKey(['category', null]) // 'category|\\N'
 */
export function encodeKey(parts: readonly KeyPart[]): string {
  if (parts.length === 0) throw new StateError('a key needs at least one part')
  let key = ''
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? null
    if (i > 0) key += '|'
    key += part === null ? '\\N' : part.replace(special, '\\$&')
  }
  return key
}

/**
 * @example
 * decodeKey('category|\\N') // ['category', null]
 */
export function decodeKey(key: string): KeyPart[] {
  const parts: KeyPart[] = []
  let part: string | null = ''
  for (let at = 0; at <= key.length; at++) {
    const char = key[at]
    if (char === undefined || char === '|') {
      parts.push(part)
      part = ''
    } else if (char !== '\\') {
      if (part === null) throw new StateError(`invalid encoded key: ${JSON.stringify(key)}`)
      part += char
    } else {
      const next = key[++at]
      if (next === 'N' && part === '' && (key[at + 1] ?? '|') === '|') part = null
      else if ((next === '|' || next === '\\') && part !== null) part += next
      else throw new StateError(`invalid encoded key: ${JSON.stringify(key)}`)
    }
  }
  return parts
}
