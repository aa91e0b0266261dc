/**
 * A request-body limit that keeps keep-alive connections usable. Hono's `bodyLimit` opens the
 * body stream even when the declared length already says no, and the Node adapter then drops the
 * connection with the unread bytes, so the client's next request on it fails. Here a declared
 * `content-length` over the limit is refused without touching the body (the adapter discards it
 * and keeps the connection); a streamed body is read up to the limit, then the rest is read and
 * discarded up to `drainMax`, past which the answer asks the client to close the connection.
 */
import type { MiddlewareHandler } from 'hono'
import { PayloadTooLargeError } from '../errors.ts'

export interface BodyLimitOptions {
  maxBytes: number
  /** Bytes of an oversized streamed body read and discarded to keep the connection. */
  drainMax: number
}

function describe(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`
}

/**
 * @example
 * app.use('/api/sql', limitBody({ maxBytes: 256 * 1024, drainMax: 16 * 1024 * 1024 }))
 */
export function limitBody(options: BodyLimitOptions): MiddlewareHandler {
  const refuse = (): never => {
    throw new PayloadTooLargeError(
      `request body larger than the ${describe(options.maxBytes)} limit`,
    )
  }
  return async (c, next) => {
    const declared = c.req.header('content-length')
    if (declared !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number(declared) > options.maxBytes) refuse()
      return next()
    }
    const body = c.req.raw.body
    if (!body) return next()
    const chunks: Uint8Array[] = []
    let size = 0
    const reader = body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.length
      if (size <= options.maxBytes) chunks.push(value)
      else if (size > options.maxBytes + options.drainMax) {
        c.header('connection', 'close')
        await reader.cancel()
        break
      }
    }
    if (size > options.maxBytes) refuse()
    c.req.raw = new Request(c.req.raw, { body: Buffer.concat(chunks) })
    return next()
  }
}
