/**
 * Reads the server's own hint of when to retry. Google APIs put it in the error body as a
 * `google.rpc.RetryInfo` detail (`"retryDelay": "17s"`); proxies and some gateways send an HTTP
 * `Retry-After` header (delta-seconds or an HTTP date) or `retry-after-ms`. All parsers are pure
 * and return milliseconds, or undefined when there is no usable hint.
 */

/** `Retry-After` as delta-seconds or HTTP-date, or `retry-after-ms`, in milliseconds. */
export function parseRetryAfter(
  headers: { get(name: string): string | null },
  nowMs: number,
): number | undefined {
  const ms = headers.get('retry-after-ms')?.trim()
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.ceil(Number(ms))

  const value = headers.get('retry-after')?.trim()
  if (!value) return undefined
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000)
  // An HTTP date always names its weekday or month; this keeps Date.parse off strings like "-1".
  const at = /[A-Za-z]{3}/.test(value) ? Date.parse(value) : Number.NaN
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined
}

/**
 * The `retryDelay` of a `google.rpc.RetryInfo` detail in a Google API error body, in ms.
 * Accepts the JSON form of a protobuf Duration (`"1.5s"`) and the object form
 * (`{ seconds, nanos }`).
 */
export function parseRetryInfo(errorBody: unknown): number | undefined {
  const details = field(field(errorBody, 'error'), 'details')
  if (!Array.isArray(details)) return undefined
  for (const detail of details) {
    const type = field(detail, '@type')
    if (typeof type !== 'string' || !type.endsWith('google.rpc.RetryInfo')) continue
    const delay = durationMs(field(detail, 'retryDelay'))
    if (delay !== undefined) return delay
  }
  return undefined
}

function durationMs(value: unknown): number | undefined {
  if (typeof value === 'string') {
    const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim())
    return match?.[1] === undefined ? undefined : Math.ceil(Number(match[1]) * 1000)
  }
  const seconds = Number(field(value, 'seconds') ?? 0)
  const nanos = Number(field(value, 'nanos') ?? 0)
  if (typeof value !== 'object' || value === null || !Number.isFinite(seconds + nanos)) {
    return undefined
  }
  return Math.ceil(seconds * 1000 + nanos / 1e6)
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined
}
