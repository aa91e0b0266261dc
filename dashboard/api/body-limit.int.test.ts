// Oversized request bodies against the real server: a 413 that names the limit, and the same
// keep-alive connection answers the next request, whether the body declared its length or was
// streamed in chunks.
import { request, Agent } from 'node:http'
import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveConfig } from '../config.ts'
import { silentLogger } from '../logger.ts'
import { startDashboard, type DashboardServer } from '../server.ts'
import { tempDataDir } from '../test-support.ts'

let dataDir: string
let server: DashboardServer
const agent = new Agent({ keepAlive: true, maxSockets: 1 })

beforeAll(async () => {
  dataDir = await tempDataDir()
  const config = resolveConfig({ dataDir, port: 0, logLevel: 'silent', sql: { workers: 1 } })
  server = await startDashboard(config, { logger: silentLogger, analyzer: false })
})

afterAll(async () => {
  agent.destroy()
  await server.close()
  await rm(dataDir, { recursive: true, force: true })
})

interface Answer {
  status: number
  body: string
  port: number | undefined
}

function postSql(body: string, chunked: boolean): Promise<Answer> {
  const url = new URL('/api/sql', server.url)
  const headers = chunked
    ? { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }
    : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => (text += d))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: text, port: req.socket?.localPort }),
      )
    })
    req.on('error', reject)
    if (chunked)
      for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.slice(i, i + 64 * 1024))
    req.end(chunked ? undefined : body)
  })
}

describe.each([false, true])('with chunked=%s', (chunked) => {
  it.each([400_000, 1_000_000])(
    'answers %i bytes of SQL with 413 and keeps the connection',
    async (size) => {
      const big = JSON.stringify({ sql: `SELECT 1 -- ${'x'.repeat(size)}` })
      const refused = await postSql(big, chunked)
      expect(refused.status).toBe(413)
      expect(JSON.parse(refused.body)).toMatchObject({
        code: 'payload_too_large',
        detail: 'request body larger than the 256 KiB limit',
      })
      const next = await postSql(JSON.stringify({ sql: 'SELECT 7 AS n' }), chunked)
      expect(next.status).toBe(200)
      expect(JSON.parse(next.body)).toMatchObject({ rows: [[7]] })
      expect(next.port).toBe(refused.port)
    },
  )
})
