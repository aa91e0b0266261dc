import { describe, expect, it } from 'vitest'
import { loadSchema } from '../../schemas/catalog.ts'
import { columnsFromAvro, createRowMapper } from './row-mapping.ts'
import { alert, baseTime, enrichedIncident, hourlySummary } from './testing/records.ts'

const columnsOf = (name: 'enriched-incident' | 'hourly-summary' | 'alert') =>
  columnsFromAvro(JSON.parse(loadSchema(name).text))

describe('row mapping', () => {
  it('derives the columns of every output contract, in field order', () => {
    const incident = columnsOf('enriched-incident')
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
    expect(columnsOf('hourly-summary').find((c) => c.name === 'duration_mean')).toEqual({
      name: 'duration_mean',
      kind: 'double',
      nullable: true,
    })
    expect(columnsOf('alert').find((c) => c.name === 'sample_event_ids')?.kind).toBe('string-list')
  })

  it('maps a record to values in column order with its partition time', () => {
    const columns = columnsOf('enriched-incident')
    const row = createRowMapper(columns, 'event_time')(enrichedIncident(3))
    expect(row.partitionTime).toBe(baseTime + 3_000)
    expect(row.values).toHaveLength(columns.length)
    expect(row.values[0]).toBe('evt-3')
    expect(row.values[columns.findIndex((c) => c.name === 'category')]).toBeNull()
    expect(createRowMapper(columnsOf('alert'), 'window_start')(alert(1)).values[8]).toEqual([
      'evt-1',
      'evt-"x"',
    ])
    expect(
      createRowMapper(columnsOf('hourly-summary'), 'window_start')(hourlySummary(1)).partitionTime,
    ).toBe(baseTime)
  })

  it('names the field of a record that does not fit', () => {
    const toRow = createRowMapper(columnsOf('enriched-incident'), 'event_time')
    expect(() => toRow({ ...enrichedIncident(1), event_id: null })).toThrow(
      'field event_id is null',
    )
    expect(() => toRow({ ...enrichedIncident(1), affected_users: 1.5 })).toThrow(
      'field affected_users is not a int',
    )
    expect(() => toRow(enrichedIncident(1, -5))).toThrow('event_time out of range: -5')
    expect(() => toRow('x')).toThrow('record is not an object')
    expect(() => createRowMapper(columnsOf('enriched-incident'), 'message')).toThrow(
      'time field message',
    )
  })

  it('refuses Avro types it cannot write', () => {
    expect(() => columnsFromAvro({ fields: [{ name: 'u', type: ['string', 'int'] }] })).toThrow(
      'unsupported Avro type of field u',
    )
    expect(() => columnsFromAvro({})).toThrow('not an Avro record schema')
  })
})
