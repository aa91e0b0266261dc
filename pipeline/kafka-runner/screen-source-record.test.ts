import { describe, expect, it } from 'vitest'
import type { InputRecord } from '../kafka/eos-types.ts'
import { END_OF_INPUT_HEADER, screenSourceRecord } from './screen-source-record.ts'

const record = (value: Buffer | null, headers: Record<string, string> = {}): InputRecord =>
  ({
    topic: 'raw',
    partition: 0,
    offset: 7,
    timestamp: 0,
    key: null,
    value,
    headers,
  }) as InputRecord

describe('screenSourceRecord', () => {
  it('passes a decoded value through', () => {
    expect(screenSourceRecord(record(Buffer.from('{}')), { id: 1 }, 10)).toEqual({
      kind: 'value',
      value: { id: 1 },
    })
  })

  it('recognises the end-of-input marker before anything else', () => {
    const marker = record(Buffer.alloc(0), { [END_OF_INPUT_HEADER]: '1' })
    expect(screenSourceRecord(marker, new Error('empty'), 10)).toEqual({ kind: 'end_of_input' })
  })

  it('dead-letters an oversized record, and a decode error with its reason or as undecodable', () => {
    expect(screenSourceRecord(record(Buffer.alloc(11)), {}, 10)).toEqual({
      kind: 'dead_letter',
      reason: 'oversized',
      detail: 'record of 11 bytes exceeds 10',
    })
    const unknownSchema = Object.assign(new Error('schema 99 not found'), {
      reason: 'unknown_schema',
    })
    expect(screenSourceRecord(record(Buffer.alloc(5)), unknownSchema, 10)).toEqual({
      kind: 'dead_letter',
      reason: 'unknown_schema',
      detail: 'schema 99 not found',
    })
    expect(screenSourceRecord(record(Buffer.alloc(5)), new Error('bad json'), 10)).toMatchObject({
      reason: 'undecodable',
    })
  })
})
