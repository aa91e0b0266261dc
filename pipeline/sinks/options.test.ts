import { describe, expect, it } from 'vitest'
import { defaultConnectionOptions } from '../kafka/config.ts'
import { resolveFileSinkOptions } from './options.ts'
import { quietLog } from './testing/temp-dir.ts'

const base = { connection: defaultConnectionOptions, dataDir: '/tmp/data', log: quietLog }

describe('file sink options', () => {
  it('fills in the defaults: both formats, 250 ms flushes, the pipeline topics', () => {
    const o = resolveFileSinkOptions(base)
    expect(o).toMatchObject({
      formats: ['parquet', 'csv'],
      flushIntervalMs: 250,
      onDecodeError: 'skip',
    })
    expect(o.topics).toEqual({
      incidents: 'incidents.enriched',
      hourly_summary: 'incidents.hourly-summaries',
      alerts: 'incidents.alerts',
    })
    expect(o.compaction).toMatchObject({ enabled: true, fanout: 16, retireDelayMs: 60_000 })
  })

  it('merges nested overrides and lets a table be switched off', () => {
    const o = resolveFileSinkOptions({
      ...base,
      topics: { alerts: null },
      compaction: { graceMs: 0 },
      formats: ['parquet'],
    })
    expect(o.topics.alerts).toBeNull()
    expect(o.topics.incidents).toBe('incidents.enriched')
    expect(o.compaction).toMatchObject({ graceMs: 0, fanout: 16 })
  })

  it('names the value it refuses', () => {
    expect(() => resolveFileSinkOptions({ ...base, flushIntervalMs: -5 })).toThrow(
      'invalid flushIntervalMs: -5',
    )
    expect(() => resolveFileSinkOptions({ ...base, formats: ['json' as 'csv'] })).toThrow(
      'invalid formats: ["json"]',
    )
    expect(() => resolveFileSinkOptions({ ...base, formats: [] })).toThrow('invalid formats: []')
    expect(() => resolveFileSinkOptions({ ...base, compaction: { fanout: 1 } })).toThrow(
      'invalid compaction.fanout: 1',
    )
    expect(() => resolveFileSinkOptions({ ...base, lock: { heartbeatMs: 40_000 } })).toThrow(
      'invalid lock.heartbeatMs: 40000',
    )
    expect(() =>
      resolveFileSinkOptions({ ...base, topics: { alerts: 'incidents.enriched' } }),
    ).toThrow('invalid topics')
    expect(() =>
      resolveFileSinkOptions({
        ...base,
        topics: { incidents: null, hourly_summary: null, alerts: null },
      }),
    ).toThrow('invalid topics')
  })
})
