import { describe, expect, it } from 'vitest'
import { schemaText } from '../testing/sinks/test-tables.ts'
import { columnsFromAvro, createRowMapper } from './row-mapping.ts'
import { alertRecord, baseTime, eventRecord, summaryRecord } from '../testing/sinks/records.ts'

const columnsOf = (name: 'event' | 'summary' | 'alert') =>
  columnsFromAvro(JSON.parse(schemaText(name)))

describe('row mapping', () => {
  it('derives the columns of every output contract, in field order', () => {
    const incident = columnsOf('event')
    expect(incident[0]).toEqual({ name: 'event_id', kind: 'string', nullable: false })
    expect(incident.find((c) => c.name === 'event_time')).toEqual({
      name: 'event_time',
      kind: 'timestamp',
      nullable: false,
    })
    expect(incident.find((c) => c.name === 'level')?.kind).toBe('string')
    expect(incident.find((c) => c.name === 'affected_users')).toEqual({
      name: 'affected_users',
      kind: 'int',
      nullable: true,
    })
    expect(incident.find((c) => c.name === 'source_offset')?.kind).toBe('long')
    expect(incident.map((c) => c.name)).not.toContain('date')
    expect(columnsOf('summary').find((c) => c.name === 'duration_mean')).toEqual({
      name: 'duration_mean',
      kind: 'double',
      nullable: true,
    })
    expect(columnsOf('alert').find((c) => c.name === 'sample_event_ids')?.kind).toBe('string-list')
  })

  it('maps a record to values in column order with its partition time', () => {
    const columns = columnsOf('event')
    const row = createRowMapper(columns, 'event_time')(eventRecord(3))
    expect(row.partitionTime).toBe(baseTime + 3_000)
    expect(row.values).toHaveLength(columns.length)
    expect(row.values[0]).toBe('evt-3')
    expect(row.values[columns.findIndex((c) => c.name === 'category')]).toBeNull()
    expect(createRowMapper(columnsOf('alert'), 'window_start')(alertRecord(1)).values[8]).toEqual([
      'evt-1',
      'evt-"x"',
    ])
    expect(
      createRowMapper(columnsOf('summary'), 'window_start')(summaryRecord(1)).partitionTime,
    ).toBe(baseTime)
  })

  it('names the field of a record that does not fit', () => {
    const toRow = createRowMapper(columnsOf('event'), 'event_time')
    expect(() => toRow({ ...eventRecord(1), event_id: null })).toThrow('field event_id is null')
    expect(() => toRow({ ...eventRecord(1), affected_users: 1.5 })).toThrow(
      'field affected_users is not a int',
    )
    expect(() => toRow(eventRecord(1, -5))).toThrow('event_time out of range: -5')
    expect(() => toRow('x')).toThrow('record is not an object')
    expect(() => createRowMapper(columnsOf('event'), 'message')).toThrow('time field message')
  })

  it('refuses Avro types it cannot write', () => {
    expect(() => columnsFromAvro({ fields: [{ name: 'u', type: ['string', 'int'] }] })).toThrow(
      'unsupported Avro type of field u',
    )
    expect(() => columnsFromAvro({})).toThrow('not an Avro record schema')
  })
})
