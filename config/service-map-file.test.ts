import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { services } from '../transforms/incident-templates.ts'
import { loadServiceMap } from './service-map-file.ts'

const dir = mkdtempSync(join(tmpdir(), 'service-map-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('loadServiceMap', () => {
  const defaults = loadServiceMap()

  it('loads the default map: all 15 services of the log format, the edges of the issue', () => {
    expect([...defaults.services].sort()).toEqual([...services].sort())
    expect(defaults.downstreamOf('api-gateway')).toEqual([
      'auth-service',
      'payment-service',
      'search-engine',
    ])
    expect(defaults.downstreamOf('payment-service')).toEqual(['database', 'message-queue'])
    expect(defaults.downstreamOf('load-balancer')).toEqual(['web-server', 'cdn'])
    expect(defaults.upstreamOf('cdn')).toEqual(['load-balancer'])
    expect(defaults.upstreamOf('database')).toContain('payment-service')
  })

  it('reads a file given by path', () => {
    const path = join(dir, 'ok.json')
    writeFileSync(path, JSON.stringify({ services: { a: { dependsOn: [] } } }))
    expect(loadServiceMap(path).services).toEqual(['a'])
  })

  it('names the file when it is missing or invalid', () => {
    expect(() => loadServiceMap(join(dir, 'missing.json'))).toThrow(
      /cannot read service map .*missing\.json/,
    )
    const path = join(dir, 'bad.json')
    writeFileSync(path, '{ "services": ')
    expect(() => loadServiceMap(path)).toThrow(/bad\.json: invalid service map: not JSON/)
  })
})
