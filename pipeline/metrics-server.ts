/**
 * Serves a Prometheus registry at /metrics on loopback, and nothing else.
 */
import { createServer, type Server } from 'node:http'
import type { Registry } from 'prom-client'

/**
 * @example
 * const server = await serveMetrics(metrics.registry, { port: 9464 })
 * server.close()
 */
export async function serveMetrics(
  registry: Registry,
  { host = '127.0.0.1', port = 9464 } = {},
): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n')
      return
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
      (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  return server
}
