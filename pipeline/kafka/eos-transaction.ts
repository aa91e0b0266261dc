/**
 * The one open transaction of the exactly-once loop, on the loop's connected producer and
 * consumer: outputs are sent into it as they are produced, the consumed offsets join it at commit
 * (`sendOffsets` with the consumer, so KIP-447 fences through the group generation), and an abort
 * discards both. The bookkeeping is pending-transaction.ts; this module is the I/O around it.
 */
import type { KafkaJS } from '@confluentinc/kafka-javascript'
import type { CommitInfo } from './eos-processor-options.ts'
import type { EosHandler, OutputRecord } from './eos-types.ts'
import { createPendingTransaction } from './pending-transaction.ts'
import type { TransactionalProducer } from './transactional-producer.ts'
import type { Logger } from '../log.ts'

export interface EosClients {
  readonly producer: TransactionalProducer
  readonly consumer: KafkaJS.Consumer
}

export interface EosTransaction {
  /** True while a transaction is open. */
  readonly open: boolean
  /** When the open transaction began, epoch ms. */
  readonly openedAt: number
  /** When a transaction last began or committed, epoch ms: what the stall check measures from. */
  readonly lastProgress: number
  /** The clients to use from now on; `undefined` while the loop is disconnected. */
  bind(clients: EosClients | undefined): void
  /** Begins a transaction unless one is open. */
  ensureOpen(): Promise<void>
  /** Enqueues outputs into the open transaction; their delivery is checked at commit. */
  send(outputs: OutputRecord[]): void
  /** Notes consumed records: their offsets commit with the transaction. */
  consumed(topic: string, partition: number, nextOffset: number, count: number): void
  /** Adds the handler's `beforeCommit` records, waits for every send and commits with the offsets. */
  commit(): Promise<void>
  /** Forgets what was sent and consumed, and aborts the open transaction. */
  abort(): Promise<void>
  /** Commits; if that fails, logs `what` and aborts instead. */
  commitOrAbort(what: string): Promise<void>
}

export interface EosTransactionOptions {
  readonly handler: EosHandler
  readonly log: Logger
  readonly onCommit?: (info: CommitInfo) => void
  /** Called after a commit that carried consumed offsets: the loop made progress. */
  readonly onProgress: () => void
}

/**
 * @example
 * const tx = createEosTransaction({ handler, log, onProgress: () => backoff.reset() })
 * tx.bind({ producer, consumer })
 * await tx.ensureOpen(); tx.send(outputs); tx.consumed('in', 0, 11, 3); await tx.commit()
 */
export function createEosTransaction(o: EosTransactionOptions): EosTransaction {
  let clients: EosClients | undefined
  let open = false
  let openedAt = 0
  let lastProgress = Date.now()
  let pending = createPendingTransaction()
  // The latest enqueueing still waiting for room in librdkafka's queue: the producer queues each
  // behind the one before, so it settles last, and commit waits for it.
  let enqueuing: Promise<void> | undefined

  const forget = () => {
    enqueuing = undefined
    pending = createPendingTransaction()
  }

  const tx: EosTransaction = {
    get open() {
      return open
    },
    get openedAt() {
      return openedAt
    },
    get lastProgress() {
      return lastProgress
    },
    bind(next) {
      clients = next
    },
    async ensureOpen() {
      if (open || !clients) return
      await clients.producer.begin()
      open = true
      openedAt = Date.now()
      lastProgress = openedAt
    },
    send(outputs) {
      if (!clients || outputs.length === 0) return
      const waiting = clients.producer.produce(outputs)
      pending.produced(outputs)
      if (waiting === undefined) return
      // commit() gets its error by awaiting it; after an abort nobody waits for it, which
      // must not be an unhandled rejection (Node exits on those).
      waiting.catch(() => undefined)
      enqueuing = waiting
    },
    consumed(topic, partition, nextOffset, count) {
      pending.consumed(topic, partition, nextOffset, count)
    },
    async commit() {
      if (!open || !clients) return
      const { producer, consumer } = clients
      const started = performance.now()
      tx.send((await o.handler.beforeCommit?.()) ?? [])
      await enqueuing
      const hadOffsets = pending.hasOffsets
      if (hadOffsets) await producer.sendOffsets(pending.offsets(), consumer)
      await producer.commit()
      if (hadOffsets) o.onProgress()
      o.onCommit?.({
        inputs: pending.inputs,
        outputs: pending.outputs,
        latencyMs: performance.now() - started,
      })
      open = false
      forget()
      lastProgress = Date.now()
    },
    async abort() {
      forget()
      if (open && clients) {
        open = false
        await clients.producer
          .abort()
          .catch((error: unknown) => o.log.warn({ err: error }, 'abort failed'))
      }
    },
    async commitOrAbort(what) {
      await tx.commit().catch(async (error: unknown) => {
        o.log.warn({ err: error }, `${what} failed; aborting`)
        await tx.abort()
      })
    },
  }
  return tx
}
