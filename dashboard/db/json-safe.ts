/**
 * Turns DuckDB values (as the JS converter returns them) into values JSON can carry without
 * loss or surprise: BIGINTs become numbers when they are safe integers and decimal strings
 * otherwise, timestamps become ISO-8601 strings (UTC), dates `YYYY-MM-DD`, blobs base64, and
 * lists, structs and maps are converted recursively.
 */

export type JsonSafe = string | number | boolean | null | JsonSafe[] | { [key: string]: JsonSafe }

/**
 * @example
 * toJsonSafe(42n) // 42
 * toJsonSafe(2n ** 60n) // '1152921504606846976'
 */
export function toJsonSafe(value: unknown): JsonSafe {
  if (value === null || value === undefined) return null
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value
    case 'number':
      return Number.isFinite(value) ? value : String(value)
    case 'bigint':
      return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(value)
        : value.toString()
    case 'object':
      return fromObject(value)
    default:
      return String(value)
  }
}

function fromObject(value: object): JsonSafe {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString()
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64')
  if (Array.isArray(value)) return value.map(toJsonSafe)
  const out: Record<string, JsonSafe> = {}
  for (const [k, v] of Object.entries(value)) out[k] = toJsonSafe(v)
  return out
}

/** A DATE converts to midnight UTC; as a column of type DATE it reads better without the time. */
export function dateOnly(value: JsonSafe): JsonSafe {
  return typeof value === 'string' && value.endsWith('T00:00:00.000Z') ? value.slice(0, 10) : value
}
