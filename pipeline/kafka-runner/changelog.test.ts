import { describe, expect, it } from 'vitest'
import type { StateRecord } from '../state.ts'
import { changelogRecord, fromChangelog } from './changelog.ts'

const roundTrip = (record: StateRecord) => {
  const r = changelogRecord('changelog', 2, record)
  return { r, back: fromChangelog(Buffer.from(String(r.key)), r.value) }
}

describe('changelog records', () => {
  it('keys each state record by what it is the state of, on the given partition', () => {
    const { r, back } = roundTrip({ kind: 'stream_time', partition: 'in/0', time: 42 })
    expect(r).toMatchObject({ topic: 'changelog', partition: 2, key: '["stream_time","in/0"]' })
    expect(back).toEqual({ kind: 'stream_time', partition: 'in/0', time: 42 })
  })

  it('writes a closed window as a tombstone and reads it back as a deletion', () => {
    const closed = { kind: 'window', step: 'count', start: 0, end: 60_000, key: 'a', value: null }
    const { r, back } = roundTrip(closed as StateRecord)
    expect(r.value).toBeNull()
    expect(back).toEqual(closed)
  })

  it('refuses a tombstone for anything but a window', () => {
    expect(() => fromChangelog(Buffer.from('["watermark"]'), null)).toThrow(/non-window key/)
  })

  it('refuses a window state larger than a Kafka record may be, naming it', () => {
    const value = { acc: { ids: Array.from({ length: 100_000 }, (_, i) => `INC-${i}`) } }
    const big = { kind: 'window', step: 'summary', start: 0, end: 3_600_000, key: 'web', value }
    expect(() => changelogRecord('changelog', 0, big as StateRecord)).toThrow(
      /state record \["window","summary",0,3600000,"web"\] is \d+ bytes, above .* 1000000/,
    )
  })
})
