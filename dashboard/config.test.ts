import { describe, expect, it } from 'vitest'
import { ConfigError } from '@incident-pipeline/dataflow'
import { configFromArgs, isLoopback, resolveConfig } from './config.ts'

describe('resolveConfig', () => {
  it('defaults to loopback on 8501 over ./data', () => {
    const c = resolveConfig()
    expect(c).toMatchObject({
      host: '127.0.0.1',
      port: 8501,
      metricsUrl: 'http://127.0.0.1:9464/metrics',
    })
    expect(c.dataDir).toMatch(/\/data$/)
    expect(c.token).toBeUndefined()
  })

  it('refuses to bind beyond loopback without a token, naming the host', () => {
    expect(() => resolveConfig({ host: '0.0.0.0' })).toThrow(
      /refusing to bind 0\.0\.0\.0.*DASHBOARD_TOKEN/,
    )
    expect(resolveConfig({ host: '0.0.0.0', token: 'x'.repeat(16) }).host).toBe('0.0.0.0')
  })

  it('rejects a short token without echoing it', () => {
    try {
      resolveConfig({ token: 'hunter2' })
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError)
      expect((err as Error).message).toMatch(/at least 16/)
      expect((err as Error).message).not.toContain('hunter2')
    }
  })

  it('names invalid values', () => {
    expect(() => resolveConfig({ port: 70_000 })).toThrow(/port/)
    expect(() => resolveConfig({ sql: { memoryLimit: 'lots' } })).toThrow(/sql\.memoryLimit/)
    expect(() => resolveConfig({ metricsUrl: 'file:///etc/passwd' })).toThrow(/metricsUrl/)
  })
})

describe('isLoopback', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['[::1]', true],
    ['localhost', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.10', false],
  ])('%s → %s', (host, expected) => expect(isLoopback(host)).toBe(expected))
})

describe('configFromArgs', () => {
  it('prefers flags over environment variables and reads the token from the environment only', () => {
    const c = configFromArgs(['--port', '9000', '--data-dir', '/tmp/d'], {
      DASHBOARD_PORT: '8000',
      DASHBOARD_HOST: '127.0.0.2',
      DATA_DIR: '/srv/other',
      DASHBOARD_TOKEN: 't'.repeat(20),
      TOPOLOGY_METRICS_URL: 'http://10.0.0.1:9464/metrics',
    })
    expect(c).toMatchObject({
      port: 9000,
      host: '127.0.0.2',
      dataDir: '/tmp/d',
      token: 't'.repeat(20),
      metricsUrl: 'http://10.0.0.1:9464/metrics',
    })
  })

  it('returns undefined for --help and fails on unknown flags', () => {
    expect(configFromArgs(['--help'], {})).toBeUndefined()
    expect(() => configFromArgs(['--token', 'x'], {})).toThrow(ConfigError)
    expect(() => configFromArgs(['--port', 'abc'], {})).toThrow(/invalid port: abc/)
  })
})
