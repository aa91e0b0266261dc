import { describe, expect, it } from 'vitest'
import { defaultConnectionOptions } from '../kafka/config.ts'
import { resolveFileSinkOptions } from './options.ts'
import { quietLog } from '../testing/sinks/temp-dir.ts'
import { testTable } from '../testing/sinks/test-tables.ts'

const tables = [
  testTable('events', 'event', 'app.events'),
  testTable('alerts', 'alert', 'app.alerts'),
]
const base = { connection: defaultConnectionOptions, dataDir: '/tmp/data', log: quietLog, tables }

describe('file sink options', () => {
  it('fills in the defaults: both formats, 250 ms flushes, the given tables', () => {
    const o = resolveFileSinkOptions(base)
    expect(o).toMatchObject({
      formats: ['parquet', 'csv'],
      flushIntervalMs: 250,
      onDecodeError: 'skip',
    })
    expect(o.tables.map((t) => [t.table, t.topic])).toEqual([
      ['events', 'app.events'],
      ['alerts', 'app.alerts'],
    ])
    expect(o.compaction).toMatchObject({ enabled: true, fanout: 16, retireDelayMs: 60_000 })
  })

  it('merges nested overrides', () => {
    const o = resolveFileSinkOptions({ ...base, compaction: { graceMs: 0 }, formats: ['parquet'] })
    expect(o.compaction).toMatchObject({ graceMs: 0, fanout: 16 })
    expect(o.formats).toEqual(['parquet'])
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
    const twice = testTable('more', 'alert', 'app.alerts')
    expect(() => resolveFileSinkOptions({ ...base, tables: [...tables, twice] })).toThrow(
      'invalid topics',
    )
    const sameName = testTable('events', 'alert', 'app.other')
    expect(() => resolveFileSinkOptions({ ...base, tables: [...tables, sameName] })).toThrow(
      'invalid tables',
    )
    const badName = testTable('../x', 'alert', 'app.other')
    expect(() => resolveFileSinkOptions({ ...base, tables: [badName] })).toThrow('invalid tables')
    expect(() => resolveFileSinkOptions({ ...base, tables: [] })).toThrow('invalid tables: []')
  })
})
