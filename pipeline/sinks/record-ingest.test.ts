import { describe, expect, it } from 'vitest'
import { DecodeError } from '../avro/errors.ts'
import type { Decoder } from '../avro/serde.ts'
import { RowBuffer } from './row-buffer.ts'
import { ingestMessages, type IngestTarget } from './record-ingest.ts'
import type { MappedRow } from './row-mapping.ts'
import { createSinkMetrics } from './sink-metrics.ts'
import type { TableWriter } from './table-writer.ts'
import { baseTime } from '../testing/sinks/records.ts'
import { quietLog } from '../testing/sinks/temp-dir.ts'

// The decoder's contract (pipeline/avro/serde.ts): failures come back as DecodeError values.
const decoder: Decoder<unknown> = {
  decodeBatch: async (buffers) =>
    buffers.map((b) =>
      b.toString() === 'bad'
        ? new DecodeError('schema_mismatch', 'bad body')
        : { id: b.toString() },
    ),
  decode: async () => ({}),
}
const mapRow = (record: unknown): MappedRow => {
  const id = (record as { id: string }).id
  if (id === 'unmappable') throw new TypeError('field x is null')
  return { values: [id], partitionTime: baseTime }
}

function setup() {
  const buffer = new RowBuffer(new Map(), 't')
  const writer = {
    add: (p: number, o: number, row: MappedRow | undefined) => buffer.add(p, o, row),
  } as unknown as TableWriter
  const targets = new Map<string, IngestTarget>([
    ['t', { table: 'incidents', writer, decoder, mapRow }],
  ])
  const metrics = createSinkMetrics(['incidents'], {
    lockHeld: () => true,
    tables: () => [],
    duckdbMemory: async () => undefined,
  })
  return { buffer, targets, metrics }
}
const message = (offset: number, value: string | null) => ({
  topic: 't',
  partition: 0,
  offset,
  value: value === null ? null : Buffer.from(value),
})

describe('record ingest', () => {
  it('buffers good records and steps over bad ones, moving the offset past every record', async () => {
    const { buffer, targets, metrics } = setup()
    const messages = [
      message(0, 'a'),
      message(1, 'bad'),
      message(2, null),
      message(3, 'unmappable'),
      message(4, 'b'),
    ]
    expect(
      await ingestMessages(messages, targets, {
        onDecodeError: 'skip',
        log: quietLog,
        metrics,
        stopping: () => false,
      }),
    ).toBe(true)
    expect(buffer.rows).toBe(2)
    expect(buffer.groups()[0]?.rows).toEqual([['a'], ['b']])
    expect(buffer.offsets.get(0)).toBe(5)
    expect(metrics.tables.get('incidents')?.skippedRecords).toBe(3)
  })

  it('stops on the first bad record when asked to', async () => {
    const { targets, metrics } = setup()
    const run = ingestMessages([message(0, 'a'), message(7, 'bad')], targets, {
      onDecodeError: 'fail',
      log: quietLog,
      metrics,
      stopping: () => false,
    })
    await expect(run).rejects.toThrow('schema_mismatch record at t/0@7')
  })

  it('refuses a record of a topic it was not assigned', async () => {
    const { targets, metrics } = setup()
    const run = ingestMessages([{ ...message(0, 'a'), topic: 'other' }], targets, {
      onDecodeError: 'skip',
      log: quietLog,
      metrics,
      stopping: () => false,
    })
    await expect(run).rejects.toThrow('unassigned topic other')
  })
})
