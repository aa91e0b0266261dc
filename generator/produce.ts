/**
 * The generator's send loop: draws items from the pure generator (or from a scenario injector
 * wrapping it, which is a generator too), encodes them and enqueues them on the idempotent
 * producer, throttled to a rate (or unthrottled), until a count, a duration or a stop signal. It
 * reports progress, and stopping waits until every enqueued event is delivered (or has failed)
 * before it returns.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastProducer } from '@incident-pipeline/dataflow/kafka'
import { encodeItem, type ItemEncoders } from './encode-item.ts'
import type { EventGenerator } from './generate-events.ts'

export interface ProduceOptions {
  topic: string
  /** Events per second; 0 sends as fast as the broker takes them. */
  rate: number
  /** Stop after this many items (undefined: no limit). */
  count: number | undefined
  /** Stop after this many ms (undefined: no limit). */
  durationMs: number | undefined
  signal: AbortSignal | undefined
  onProgress: ((stats: ProduceStats) => void) | undefined
  progressIntervalMs: number
}

export const defaultProduceOptions = {
  topic: 'incidents',
  rate: 0,
  count: undefined,
  durationMs: undefined,
  signal: undefined,
  onProgress: undefined,
  progressIntervalMs: 1_000,
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

/** The idempotent producer's settings, tuned for many small records. */
export const generatorProducerConfig = {
  'enable.idempotence': true,
  'linger.ms': 5,
  'batch.num.messages': 10_000,
  'compression.type': 'lz4',
  'queue.buffering.max.messages': 500_000,
  'message.max.bytes': 4 * 1024 * 1024,
} as const

/** Items generated between checks of the clock, the rate and the stop conditions. */
const SLICE = 1_000

/**
 * @example
 * const stats = await produce(producer, generator, encoders, { rate: 100, count: 1000 })
 */
export async function produce(
  producer: FastProducer,
  generator: EventGenerator,
  encoders: ItemEncoders,
  options: Partial<ProduceOptions> = {},
): Promise<ProduceStats> {
  const o = { ...defaultProduceOptions, ...options }
  if (!(o.rate >= 0)) throw new Error(`invalid rate: ${o.rate}`)
  const start = performance.now()
  const base = producer.stats()
  let sent = 0
  let lastProgress = start

  const snapshot = (): ProduceStats => {
    const s = producer.stats()
    const elapsedMs = performance.now() - start
    const acked = s.delivered - base.delivered
    return {
      sent,
      acked,
      errors: s.failed - base.failed,
      elapsedMs,
      rate: elapsedMs > 0 ? (acked * 1000) / elapsedMs : 0,
      lastError: s.lastError,
    }
  }
  const done = (): boolean =>
    o.signal?.aborted === true ||
    (o.count !== undefined && sent >= o.count) ||
    (o.durationMs !== undefined && performance.now() - start >= o.durationMs)

  while (!done()) {
    let size = SLICE
    if (o.count !== undefined) size = Math.min(size, o.count - sent)
    if (o.rate > 0) {
      const allowed = Math.floor(((performance.now() - start) * o.rate) / 1000) - sent
      if (allowed <= 0) {
        await sleep(Math.max(1, Math.ceil(1000 / o.rate)), undefined, { signal: o.signal }).catch(
          () => undefined,
        )
        size = 0
      } else size = Math.min(size, allowed)
    }
    for (let i = 0; i < size; i++) {
      const message = encodeItem(generator.next(), encoders)
      while (!producer.tryProduce(o.topic, message.key, message.value)) await producer.drain()
      sent++
    }
    const now = performance.now()
    if (o.onProgress && now - lastProgress >= o.progressIntervalMs) {
      lastProgress = now
      o.onProgress(snapshot())
    }
    // Let delivery reports and signals in between slices.
    if (size > 0) await new Promise((resolve) => setImmediate(resolve))
  }
  await producer.flush()
  return snapshot()
}
