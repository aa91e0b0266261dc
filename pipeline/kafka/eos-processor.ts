/**
 * The exactly-once loop on librdkafka's KafkaJS-compatible API. A consumer group reads with
 * read_committed and no auto-commit; outputs are produced inside a transaction that also carries
 * the consumed offsets (`sendOffsets({ consumer, topics })` at each partition's last offset + 1,
 * KIP-447 fencing through the group generation), committed every `commitIntervalMs`.
 *
 * Any error aborts the open transaction and restarts the loop from the committed offsets, with
 * fresh clients: a fenced or restarted instance leaves no visible effect. Restarts back off
 * exponentially while they keep failing before any consumed offset is committed, so a record that
 * always fails (a bug in a step) is retried at a bounded rate, with its error logged each time.
 */
import type { KafkaJS } from '@confluentinc/kafka-javascript'
import { createKafka } from './config.ts'
import {
  defaultEosProcessorOptions,
  type EosProcessor,
  type EosProcessorOptions,
} from './eos-processor-options.ts'
import type { InputRecord, OutputRecord, TopicPartition } from './eos-types.ts'
import { readCommittedConsumerConfig, toInput, transactionalProducerConfig } from './eos-clients.ts'
import { classifyKafkaError } from './kafka-errors.ts'
import { createMutex } from './mutex.ts'
import { createRestartBackoff } from './restart-backoff.ts'
import { createPendingTransaction, groupOutputsByTopic } from './pending-transaction.ts'

export {
  defaultEosProcessorOptions,
  type CommitInfo,
  type EosProcessor,
  type EosProcessorOptions,
} from './eos-processor-options.ts'

/**
 * @example
 * const eos = createEosProcessor({ connection, groupId: 'copy', transactionalId: 'copy-0',
 *   topics: ['in'], handler: { process: (_t, _p, rs) => rs.map((r) => ({ topic: 'out', value: r.value })) }, log })
 * await eos.start()
 */
export function createEosProcessor(
  input: Omit<EosProcessorOptions, keyof typeof defaultEosProcessorOptions> &
    Partial<EosProcessorOptions>,
): EosProcessor {
  const o: EosProcessorOptions = { ...defaultEosProcessorOptions, ...input }
  const { handler, log } = o
  const lock = createMutex()
  let consumer: KafkaJS.Consumer | undefined
  let producer: KafkaJS.Producer | undefined
  let assignment: TopicPartition[] = []
  let open = false
  let openedAt = 0
  let lastProgress = Date.now()
  let pending = createPendingTransaction()
  const lags = new Map<string, number>()
  let sends: Promise<unknown>[] = []
  let timer: NodeJS.Timeout | undefined
  let stopping = false
  let restarting: Promise<void> | undefined
  const backoff = createRestartBackoff(o.restartDelayMs, o.maxRestartDelayMs)

  const kafka = createKafka(o.connection, log)

  function send(outputs: OutputRecord[]): void {
    if (!producer || outputs.length === 0) return
    for (const { topic, messages } of groupOutputsByTopic(outputs)) {
      const sent = producer.send({ topic, messages })
      // commit() gets its error through Promise.all; after an abort it rejects (purged) with no
      // one waiting, which must not be an unhandled rejection (Node exits on those).
      sent.catch(() => undefined)
      sends.push(sent)
      pending.produced(topic, messages.length)
    }
  }

  async function ensureOpen(): Promise<void> {
    if (open || !producer) return
    await producer.transaction()
    open = true
    openedAt = Date.now()
    lastProgress = openedAt
  }

  async function commit(): Promise<void> {
    if (!open || !producer || !consumer) return
    const started = performance.now()
    send((await handler.beforeCommit?.()) ?? [])
    await Promise.all(sends)
    if (pending.hasOffsets) await producer.sendOffsets({ consumer, topics: pending.offsetTopics() })
    await producer.commit()
    if (pending.hasOffsets) backoff.reset()
    o.onCommit?.({
      inputs: pending.inputs,
      outputs: pending.outputs,
      latencyMs: performance.now() - started,
    })
    open = false
    sends = []
    pending = createPendingTransaction()
    lastProgress = Date.now()
  }

  async function abort(): Promise<void> {
    sends = []
    pending = createPendingTransaction()
    if (open && producer) {
      open = false
      await producer.abort().catch((error: unknown) => log.warn({ err: error }, 'abort failed'))
    }
  }

  async function connect(): Promise<void> {
    producer = kafka.producer(transactionalProducerConfig(o.transactionalId))
    await producer.connect()
    consumer = kafka.consumer({
      ...readCommittedConsumerConfig(o),
      rebalance_cb: async (err: { code: number }, partitions: TopicPartition[]) => {
        await lock.run(async () => {
          if (err.code === -175 /* ERR__ASSIGN_PARTITIONS */) {
            assignment = [...assignment, ...partitions]
            log.info(
              { partitions: partitions.map((p) => `${p.topic}:${p.partition}`) },
              'partitions assigned',
            )
            await handler.onAssigned?.(partitions)
          } else {
            await commit().catch(async (error: unknown) => {
              log.warn({ err: error }, 'commit on revoke failed; aborting')
              await abort()
            })
            const revoked = new Set(partitions.map((p) => `${p.topic}:${p.partition}`))
            assignment = assignment.filter((p) => !revoked.has(`${p.topic}:${p.partition}`))
            log.info({ partitions: [...revoked] }, 'partitions revoked')
            await handler.onRevoked?.(partitions)
          }
        })
      },
    } as KafkaJS.ConsumerConstructorConfig)
    await consumer.connect()
    await consumer.subscribe({ topics: o.topics })
    await consumer.run({
      // Resolving only moves this consumer's in-memory position; what is committed is what
      // sendOffsets puts in the transaction.
      eachBatchAutoResolve: true,
      eachBatch: async ({ batch }) => {
        if (batch.messages.length === 0) return
        await lock.run(async () => {
          // While a restart is pending, nothing may commit past the aborted records.
          if (stopping || restarting) return
          try {
            await ensureOpen()
            const records = batch.messages.map((m) => toInput(batch.topic, batch.partition, m))
            const last = records[records.length - 1] as InputRecord
            const lag = Math.max(0, Number(batch.highWatermark) - (last.offset + 1))
            send(await handler.process(batch.topic, batch.partition, records, lag))
            pending.consumed(batch.topic, batch.partition, last.offset + 1, records.length)
            lags.set(`${batch.topic}:${batch.partition}`, lag)
            if (Date.now() - openedAt >= o.commitIntervalMs) await commit()
          } catch (error) {
            void fail(error)
          }
        })
      },
    })
  }

  async function disconnect(): Promise<void> {
    const c = consumer
    const p = producer
    consumer = undefined
    producer = undefined
    await c
      ?.disconnect()
      .catch((error: unknown) => log.warn({ err: error }, 'consumer disconnect failed'))
    await p
      ?.disconnect()
      .catch((error: unknown) => log.warn({ err: error }, 'producer disconnect failed'))
    const dropped = assignment
    assignment = []
    if (dropped.length > 0) await handler.onRevoked?.(dropped)
  }

  function fail(error: unknown): Promise<void> {
    if (stopping) return Promise.resolve()
    restarting ??= (async () => {
      const kind = classifyKafkaError(error)
      const delayMs = backoff.next()
      log.error(
        { err: error, kind, delayMs, failuresInARow: backoff.failures },
        'transaction failed; aborting and restarting from the committed offsets',
      )
      await abort()
      await disconnect()
      await backoff.wait(delayMs)
      if (!stopping) await connect()
    })()
      .catch((restartError: unknown) => {
        log.error({ err: restartError }, 'restart failed; retrying in 1 s')
        return new Promise<void>((resolve) => setTimeout(resolve, 1_000)).then(() => {
          restarting = undefined
          return fail(restartError)
        })
      })
      .finally(() => {
        restarting = undefined
      })
    return restarting
  }

  function onTimer(force: boolean): Promise<void> {
    return lock.run(async () => {
      if (stopping || restarting || !producer) return
      try {
        const due = await handler.tick?.()
        if (due && due.length > 0) {
          await ensureOpen()
          send(due)
        }
        if (open && (force || Date.now() - openedAt >= o.commitIntervalMs)) await commit()
        if (open && Date.now() - lastProgress > o.stallTimeoutMs) {
          throw new Error(`stalled: no commit for ${o.stallTimeoutMs} ms`)
        }
      } catch (error) {
        void fail(error)
      }
    })
  }

  return {
    get assignment() {
      return assignment
    },
    get busy() {
      return open || restarting !== undefined
    },
    tick: () => onTimer(true),
    lag: () => new Map(lags),
    async start() {
      await connect()
      timer = setInterval(
        () => void onTimer(false),
        Math.max(10, Math.floor(o.commitIntervalMs / 2)),
      )
    },
    async stop() {
      stopping = true
      clearInterval(timer)
      backoff.interrupt()
      await restarting
      await lock.run(async () => {
        await commit().catch(async (error: unknown) => {
          log.warn({ err: error }, 'final commit failed; aborting')
          await abort()
        })
      })
      await disconnect()
    },
    async kill() {
      stopping = true
      clearInterval(timer)
      backoff.interrupt()
      await restarting
      await lock.run(abort)
      await disconnect()
    },
  }
}
