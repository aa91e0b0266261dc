/**
 * The generator's send loop: draws items from the pure generator, encodes them and sends them
 * with the idempotent producer in batches, throttled to a rate (or unthrottled), until a count,
 * a duration or a stop signal. It reports progress and never loses track of in-flight batches:
 * stopping waits for every outstanding send before it returns.
 */
import type { KafkaJS } from '@confluentinc/kafka-javascript'
import { setTimeout as sleep } from 'node:timers/promises'
import { encodeItem, type ItemEncoders } from './encode-item.ts'
import type { EventGenerator, GeneratedItem } from './generate-events.ts'

export interface ProduceOptions {
  topic: string
  /** Events per second; 0 sends as fast as the broker takes them. */
  rate: number
  /** Stop after this many items (undefined: no limit). */
  count: number | undefined
  /** Stop after this many ms (undefined: no limit). */
  durationMs: number | undefined
  batchSize: number
  maxInFlightBatches: number
  signal: AbortSignal | undefined
  onProgress: ((stats: ProduceStats) => void) | undefined
  progressIntervalMs: number
  /** Called with every item once its batch is acknowledged. */
  onAcked: ((items: readonly GeneratedItem[]) => void) | undefined
}

export const defaultProduceOptions = {
  topic: 'incidents',
  rate: 0,
  count: undefined,
  durationMs: undefined,
  batchSize: 2_000,
  maxInFlightBatches: 16,
  signal: undefined,
  onProgress: undefined,
  progressIntervalMs: 1_000,
  onAcked: undefined,
} satisfies ProduceOptions

export interface ProduceStats {
  sent: number
  acked: number
  errors: number
  elapsedMs: number
  /** Acknowledged events per second since the start. */
  rate: number
  lastError: string | undefined
}

/**
 * @example
 * const stats = await produce(producer, generator, encoders, { rate: 100, count: 1000 })
 */
export async function produce(
  producer: KafkaJS.Producer,
  generator: EventGenerator,
  encoders: ItemEncoders,
  options: Partial<ProduceOptions> = {},
): Promise<ProduceStats> {
  const o = { ...defaultProduceOptions, ...options }
  if (!(o.rate >= 0)) throw new Error(`invalid rate: ${o.rate}`)
  const start = performance.now()
  const stats: ProduceStats = { sent: 0, acked: 0, errors: 0, elapsedMs: 0, rate: 0, lastError: undefined }
  const inFlight = new Set<Promise<void>>()
  let lastProgress = start

  const snapshot = (): ProduceStats => {
    stats.elapsedMs = performance.now() - start
    stats.rate = stats.elapsedMs > 0 ? (stats.acked * 1000) / stats.elapsedMs : 0
    return { ...stats }
  }
  const report = (): void => {
    const now = performance.now()
    if (o.onProgress && now - lastProgress >= o.progressIntervalMs) {
      lastProgress = now
      o.onProgress(snapshot())
    }
  }
  const done = (): boolean =>
    o.signal?.aborted === true ||
    (o.count !== undefined && stats.sent >= o.count) ||
    (o.durationMs !== undefined && performance.now() - start >= o.durationMs)

  while (!done()) {
    let size = o.batchSize
    if (o.count !== undefined) size = Math.min(size, o.count - stats.sent)
    if (o.rate > 0) {
      const allowed = Math.floor(((performance.now() - start) * o.rate) / 1000) - stats.sent
      if (allowed <= 0) {
        report()
        await sleep(Math.max(1, Math.ceil(1000 / o.rate)), undefined, { signal: o.signal }).catch(() => undefined)
        continue
      }
      size = Math.min(size, allowed)
    }
    const items = generator.take(size)
    const messages = items.map((item) => encodeItem(item, encoders))
    stats.sent += items.length
    const sending = producer.send({ topic: o.topic, messages }).then(
      () => {
        stats.acked += items.length
        o.onAcked?.(items)
      },
      (error: unknown) => {
        stats.errors += items.length
        stats.lastError = error instanceof Error ? error.message : String(error)
      },
    )
    const tracked = sending.finally(() => inFlight.delete(tracked))
    inFlight.add(tracked)
    if (inFlight.size >= o.maxInFlightBatches) await Promise.race(inFlight)
    report()
  }
  await Promise.all(inFlight)
  await producer.flush({ timeout: 30_000 })
  return snapshot()
}
