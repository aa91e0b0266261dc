/**
 * Test helper: a fake Gemini API on 127.0.0.1 (random port) for the real @google/genai client.
 * It serves `POST /{version}/models/{model}:generateContent` and
 * `:streamGenerateContent?alt=sse` (the SDK 3.x calls `/v1/...` by default; our analyzer pins
 * `/v1beta/...`), replies with a script of canned responses in order, and records each request
 * with its arrival time so tests can check what was sent and how long retries waited.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type FakeReply =
  | { kind: 'json'; body: unknown; status?: number; headers?: Record<string, string> }
  | { kind: 'sse'; chunks: unknown[]; delayMs?: number }
  | { kind: 'text'; body: string; status: number; headers?: Record<string, string> }
  /** Never answers; the connection stays open until the client gives up. */
  | { kind: 'hang' }

export interface FakeGeminiRequest {
  apiVersion: string
  model: string
  method: 'generateContent' | 'streamGenerateContent'
  url: string
  headers: IncomingMessage['headers']
  body: Record<string, unknown>
  receivedAt: number
  /** Resolves when the client closes the connection (abort) or the reply ends. */
  closed: Promise<void>
}

export interface FakeGemini {
  baseUrl: string
  requests: FakeGeminiRequest[]
  /** Appends replies; each request consumes one. Unscripted requests get a 500. */
  script(...replies: FakeReply[]): void
  close(): Promise<void>
}

const ROUTE = /^\/(v1[a-z0-9]*)\/models\/([^/:]+):(generateContent|streamGenerateContent)$/

/**
 * @example
 * const fake = await startFakeGemini()
 * fake.script(geminiReply(JSON.stringify(content)))
 * createGeminiAnalyzer({ apiKey: 'test-key', baseUrl: fake.baseUrl })
 */
export async function startFakeGemini(): Promise<FakeGemini> {
  const queue: FakeReply[] = []
  const requests: FakeGeminiRequest[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake')
      const match = ROUTE.exec(url.pathname)
      if (req.method !== 'POST' || !match) return send(res, 404, { error: { code: 404 } })
      const closed = new Promise<void>((resolve) => res.on('close', resolve))
      requests.push({
        apiVersion: match[1] ?? '',
        model: decodeURIComponent(match[2] ?? ''),
        method: match[3] as FakeGeminiRequest['method'],
        url: req.url ?? '',
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
        receivedAt: Date.now(),
        closed,
      })
      const reply = queue.shift()
      if (!reply) return send(res, 500, geminiError(500, 'fake-gemini: no scripted reply'))
      void respond(res, reply)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    script: (...replies) => void queue.push(...replies),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((err) => (err ? reject(err) : resolve()))
      }),
  }
}

async function respond(res: ServerResponse, reply: FakeReply): Promise<void> {
  switch (reply.kind) {
    case 'json':
      return send(res, reply.status ?? 200, reply.body, reply.headers)
    case 'text':
      res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers })
      res.end(reply.body)
      return
    case 'hang':
      return
    case 'sse':
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      for (const chunk of reply.chunks) {
        if (res.destroyed) return
        res.write(`data: ${JSON.stringify(chunk)}\r\n\r\n`)
        if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs))
      }
      res.end()
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

export interface CandidateOptions {
  finishReason?: string
  usage?: { promptTokenCount: number; candidatesTokenCount: number; totalTokenCount: number }
}

const defaultUsage = { promptTokenCount: 1200, candidatesTokenCount: 350, totalTokenCount: 1900 }

/** A `generateContent` response body whose answer is `text`. */
export function geminiResponse(text: string, options: CandidateOptions = {}): unknown {
  return {
    candidates: [
      {
        content: { role: 'model', parts: [{ text }] },
        finishReason: options.finishReason ?? 'STOP',
        index: 0,
      },
    ],
    usageMetadata: options.usage ?? defaultUsage,
    modelVersion: 'fake-gemini',
  }
}

/** A unary reply carrying `text`. */
export function geminiReply(text: string, options: CandidateOptions = {}): FakeReply {
  return { kind: 'json', body: geminiResponse(text, options) }
}

/** A streamed reply: `text` split into `parts` chunks; the last one has finishReason and usage. */
export function geminiStreamReply(
  text: string,
  options: CandidateOptions & { parts?: number; delayMs?: number } = {},
): FakeReply {
  const n = Math.max(1, options.parts ?? 4)
  const size = Math.ceil(text.length / n)
  const chunks = Array.from({ length: n }, (_, i) => {
    const piece = text.slice(i * size, (i + 1) * size)
    if (i < n - 1) return { candidates: [{ content: { role: 'model', parts: [{ text: piece }] } }] }
    return geminiResponse(piece, options)
  })
  return { kind: 'sse', chunks, ...(options.delayMs ? { delayMs: options.delayMs } : {}) }
}

/** A Google API error body, optionally with a google.rpc.RetryInfo detail. */
export function geminiError(code: number, message: string, retryDelay?: string): unknown {
  const status =
    code === 429 ? 'RESOURCE_EXHAUSTED' : code >= 500 ? 'UNAVAILABLE' : 'INVALID_ARGUMENT'
  const details =
    retryDelay === undefined
      ? []
      : [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay }]
  return { error: { code, message, status, details } }
}
