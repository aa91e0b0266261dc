import { describe, expect, it } from 'vitest'
import { parseTopologyArgs } from './topology-options.ts'

describe('topology options', () => {
  it('has defaults for a local run', () => {
    const o = parseTopologyArgs([], {})
    expect(o).toMatchObject({
      brokers: ['127.0.0.1:9092'],
      group: 'incident-topology',
      formats: ['parquet', 'csv'],
      grace: 300_000,
      idleTimeout: 30_000,
      commitInterval: 100,
      partitions: 3,
      metricsPort: 9464,
    })
  })

  it('takes the environment, and flags over the environment', () => {
    const env = { KAFKA_BROKERS: 'a:1,b:2', TOPOLOGY_GRACE: '10m', DATA_DIR: '/tmp/d' }
    const o = parseTopologyArgs(['--grace', '1m', '--formats', 'csv'], env)
    expect(o).toMatchObject({
      brokers: ['a:1', 'b:2'],
      grace: 60_000,
      dataDir: '/tmp/d',
      formats: ['csv'],
    })
    expect(parseTopologyArgs(['--formats', 'none'], {}).formats).toEqual([])
  })

  it('refuses bad values by name', () => {
    expect(() => parseTopologyArgs(['--grace=-5m'], {})).toThrow(
      'invalid --grace: expected a duration >= 0 such as 250ms, 30s, 5m, 1h (got "-5m")',
    )
    expect(() => parseTopologyArgs(['--idleness', '5s'], {})).toThrow(
      /Unknown option '--idleness'.*see --help/,
    )
    expect(() => parseTopologyArgs(['--formats', 'xlsx'], {})).toThrow(/invalid --formats/)
    expect(() => parseTopologyArgs(['--partitions', '0'], {})).toThrow(/invalid --partitions/)
    expect(() => parseTopologyArgs(['--group', 'a b'], {})).toThrow(/invalid --group/)
    expect(() => parseTopologyArgs(['--nope'], {})).toThrow(/nope/)
  })
})
