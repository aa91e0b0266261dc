/**
 * The sink's main loop, one step at a time so that no two steps ever write concurrently: poll a
 * batch and buffer it; flush when the interval has passed since the last flush (so the first
 * record after a quiet spell commits at once) or when the buffer is full; then, when due, the
 * lock heartbeat, maintenance (retired files, compaction) and a partition refresh. While the
 * buffer is full the loop stops polling, which bounds memory: librdkafka's own prefetch queue is
 * bounded by `queued.max.messages.kbytes`. A failed flush keeps its buffer and is retried with
 * backoff; only after `maxFlushAttempts` in a row, or a non-retriable error, does the loop end.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { SinkError } from './errors.ts'
import type { FileSinkOptions } from './options.ts'
import type { PartitionAssignment } from './partition-assignment.ts'
import { ingestMessages, type IngestTarget } from './record-ingest.ts'
import type { SinkLock } from './sink-lock.ts'
import type { SinkMetrics } from './sink-metrics.ts'
import type { SourceConsumer } from './source-consumer.ts'
import type { TableWriter } from './table-writer.ts'

export interface SinkLoopContext {
  options: FileSinkOptions
  consumer: SourceConsumer
  assignment: PartitionAssignment
  targets: ReadonlyMap<string, IngestTarget>
  writers: readonly TableWriter[]
  lock: SinkLock
  metrics: SinkMetrics
  stopping(): boolean
}

const isRetriable = (error: unknown): boolean => !(error instanceof SinkError) || error.retriable

/** Runs until `stopping()`; the caller makes the final flush. Throws on a fatal error. */
export async function runSinkLoop(ctx: SinkLoopContext): Promise<void> {
  const { options: o, consumer, writers } = ctx
  const log = o.log
  const ingest = {
    onDecodeError: o.onDecodeError,
    log,
    metrics: ctx.metrics,
    stopping: ctx.stopping,
  }
  const start = Date.now()
  let [lastFlush, lastBeat, lastMaintenance, lastMetadata] = [0, start, start, start]
  let failures = 0
  let retryAt = 0
  while (!ctx.stopping()) {
    const full = writers.reduce((n, w) => n + w.bufferedRows, 0) >= o.maxBufferRows
    if (!full) {
      const messages = await consumer.poll(o.pollBatchSize)
      if (messages.length > 0 && !(await ingestMessages(messages, ctx.targets, ingest))) return
    } else if (Date.now() < retryAt) {
      await sleep(Math.min(100, retryAt - Date.now()))
    }
    const now = Date.now()
    if (
      (full || now - lastFlush >= o.flushIntervalMs) &&
      now >= retryAt &&
      writers.some((w) => w.hasPending)
    ) {
      try {
        for (const writer of writers) await writer.flush()
        failures = 0
      } catch (error) {
        failures += 1
        if (!isRetriable(error) || failures >= o.maxFlushAttempts) throw error
        retryAt = now + Math.min(30_000, 250 * 2 ** failures)
        log.warn(
          { err: error, failures, retryInMs: retryAt - now },
          'flush failed; keeping the buffer to retry',
        )
      }
      lastFlush = Date.now()
    }
    if (now - lastBeat >= o.lock.heartbeatMs) {
      await ctx.lock.heartbeat().catch((error: unknown) => {
        if (!isRetriable(error)) throw error
        log.warn({ err: error }, 'cannot refresh the lock heartbeat')
      })
      lastBeat = now
    }
    if (now - lastMaintenance >= o.compaction.intervalMs) {
      for (const writer of writers) await writer.maintain()
      lastMaintenance = now
    }
    if (now - lastMetadata >= (ctx.assignment.missingTopics ? 2_000 : o.metadataRefreshMs)) {
      await ctx.assignment.refresh().catch((error: unknown) => {
        if (!isRetriable(error)) throw error
        log.warn({ err: error }, 'cannot refresh the source partitions')
      })
      lastMetadata = now
    }
  }
}
