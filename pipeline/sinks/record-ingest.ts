/**
 * Turns one poll's messages into buffered rows: decodes each topic's values through the registry
 * serde, maps them to rows and hands them, in offset order, to their table. A record that cannot
 * be decoded or mapped is either stepped over (logged, counted, its offset still advances so it
 * is not re-read forever) or stops the sink, per `onDecodeError`. A registry outage is retried
 * with backoff rather than skipped.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { DecodeError } from '../avro/errors.ts'
import type { Decoder } from '../avro/serde.ts'
import type { Logger } from '../log.ts'
import { SinkError } from './errors.ts'
import type { RowMapper } from './row-mapping.ts'
import type { SinkMetrics } from './sink-metrics.ts'
import type { SourceMessage } from './source-consumer.ts'
import type { TableWriter } from './table-writer.ts'

export interface IngestTarget {
  table: string
  writer: TableWriter
  decoder: Decoder<unknown>
  mapRow: RowMapper
}

export interface IngestOptions {
  onDecodeError: 'skip' | 'fail'
  log: Logger
  metrics: SinkMetrics
  /** Polled while a registry outage is retried; `true` abandons the batch. */
  stopping(): boolean
}

async function decodeWithRetry(
  target: IngestTarget,
  values: Buffer[],
  o: IngestOptions,
): Promise<Array<unknown> | undefined> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await target.decoder.decodeBatch(values)
    } catch (error) {
      if ((error as { retriable?: boolean }).retriable !== true) {
        throw new SinkError('DECODE_FAILED', `cannot decode records of ${target.table}`, {
          cause: error,
        })
      }
      if (o.stopping()) return undefined
      const delay = Math.min(30_000, 250 * 2 ** attempt)
      o.log.warn(
        { err: error, table: target.table, retryInMs: delay },
        'schema registry unavailable; retrying',
      )
      await sleep(delay)
      if (o.stopping()) return undefined
    }
  }
}

/**
 * Buffers `messages` into their tables. Returns false when a stop interrupted a registry retry:
 * the rest of the batch was then not buffered, and its offsets were not advanced.
 *
 * @example
 * await ingestMessages(await consumer.poll(1000), targetsByTopic, { onDecodeError: 'skip', log, metrics, stopping })
 */
export async function ingestMessages(
  messages: readonly SourceMessage[],
  targets: ReadonlyMap<string, IngestTarget>,
  o: IngestOptions,
): Promise<boolean> {
  const byTopic = new Map<string, SourceMessage[]>()
  for (const m of messages) {
    const list = byTopic.get(m.topic)
    if (list) list.push(m)
    else byTopic.set(m.topic, [m])
  }
  for (const [topic, list] of byTopic) {
    const target = targets.get(topic)
    if (!target)
      throw new SinkError('SOURCE_FAILED', `received a record of unassigned topic ${topic}`)
    const present = list.filter((m) => m.value !== null)
    const decoded = await decodeWithRetry(
      target,
      present.map((m) => m.value as Buffer),
      o,
    )
    if (!decoded) return false
    let next = 0
    for (const m of list) {
      let reason: string | undefined
      let detail: unknown
      let row
      if (m.value === null) {
        reason = 'tombstone'
      } else {
        const value = decoded[next++]
        if (value instanceof DecodeError) {
          ;[reason, detail] = [value.reason, value]
        } else {
          try {
            row = target.mapRow(value)
          } catch (error) {
            ;[reason, detail] = ['unmappable', error]
          }
        }
      }
      if (reason !== undefined) {
        const where = `${topic}/${m.partition}@${m.offset}`
        if (o.onDecodeError === 'fail')
          throw new SinkError('DECODE_FAILED', `${reason} record at ${where}`, { cause: detail })
        o.log.error(
          { err: detail, table: target.table, record: where, reason },
          'skipping a record that cannot be written',
        )
        o.metrics.skipped(target.table, reason)
      }
      target.writer.add(m.partition, m.offset, row)
    }
  }
  return true
}
