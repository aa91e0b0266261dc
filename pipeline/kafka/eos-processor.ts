/**
 * The exactly-once loop on librdkafka. A consumer group (KafkaJS-compatible API) reads with
 * read_committed and no auto-commit; outputs are produced on the native API
 * (transactional-producer.ts) inside a transaction that also carries the consumed offsets
 * (`sendOffsets` with the consumer, at each partition's last offset + 1, KIP-447 fencing through
 * the group generation), committed every `commitInterval`.
 *
 * Any error aborts the open transaction and restarts the loop from the committed offsets, with
 * fresh clients: a fenced or restarted instance leaves no visible effect. Restarts back off
 * exponentially while they keep failing before any consumed offset is committed, so a record that
 * always fails (a bug in a step) is retried at a bounded rate, with its error logged each time.
 */
import type { KafkaJS } from '@confluentinc/kafka-javascript'
import { createKafka, rdkafkaConfig } from './config.ts'
import {
  defaultEosProcessorOptions,
  type EosProcessor,
  type EosProcessorOptions,
} from './eos-processor-options.ts'
import type { InputRecord, TopicPartition } from './eos-types.ts'
import { readCommittedConsumerConfig, toInput, transactionalProducerConfig } from './eos-clients.ts'
import { createEosTransaction, type EosTransaction } from './eos-transaction.ts'
import { createMutex, type Mutex } from './mutex.ts'
import {
  connectTransactionalProducer,
  type TransactionalProducer,
} from './transactional-producer.ts'
import { toMillis } from '../duration.ts'
import { createRestartBackoff, type RestartBackoff } from './restart-backoff.ts'
import { createRestartSupervisor, type RestartSupervisor } from './restart-supervisor.ts'

export {
  defaultEosProcessorOptions,
  type CommitInfo,
  type EosProcessor,
  type EosProcessorOptions,
} from './eos-processor-options.ts'

/** What the loop's parts share: its options, clients, transaction and partitions. */
interface EosLoop {
  readonly o: EosProcessorOptions
  /** The options' durations, in ms. */
  readonly ms: { readonly commitInterval: number; readonly stallTimeout: number }
  readonly kafka: KafkaJS.Kafka
  /** The batch handler, the commit timer and the rebalance callback take turns through it. */
  readonly lock: Mutex
  readonly tx: EosTransaction
  readonly backoff: RestartBackoff
  readonly restarts: RestartSupervisor
  consumer?: KafkaJS.Consumer
  producer?: TransactionalProducer
  assignment: TopicPartition[]
  readonly lags: Map<string, number>
  stopping: boolean
}

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
  const backoff = createRestartBackoff(
    toMillis(o.restartDelay, 'restart delay', { allowZero: false }),
    toMillis(o.maxRestartDelay, 'max restart delay', { allowZero: false }),
  )
  const loop: EosLoop = {
    o,
    ms: {
      commitInterval: toMillis(o.commitInterval, 'commit interval'),
      stallTimeout: toMillis(o.stallTimeout, 'stall timeout', { allowZero: false }),
    },
    kafka: createKafka(o.connection, o.log),
    lock: createMutex(),
    tx: createEosTransaction({ ...o, onProgress: () => backoff.reset() }),
    backoff,
    restarts: createRestartSupervisor({
      backoff,
      log: o.log,
      stopping: () => loop.stopping,
      teardown: async () => {
        await loop.tx.abort()
        await disconnect(loop)
      },
      connect: () => connect(loop),
    }),
    assignment: [],
    lags: new Map(),
    stopping: false,
  }
  let timer: NodeJS.Timeout | undefined
  const halt = async () => {
    loop.stopping = true
    clearInterval(timer)
    backoff.interrupt()
    await loop.restarts.pending
  }

  return {
    get assignment() {
      return loop.assignment
    },
    get busy() {
      return loop.tx.open || loop.restarts.pending !== undefined
    },
    tick: () => onTimer(loop, true),
    lag: () => new Map(loop.lags),
    async start() {
      await connect(loop)
      timer = setInterval(
        () => void onTimer(loop, false),
        Math.max(10, Math.floor(loop.ms.commitInterval / 2)),
      )
    },
    async stop() {
      await halt()
      await loop.lock.run(() => loop.tx.commitOrAbort('final commit'))
      await disconnect(loop)
    },
    async kill() {
      await halt()
      await loop.lock.run(() => loop.tx.abort())
      await disconnect(loop)
    },
  }
}

async function connect(loop: EosLoop): Promise<void> {
  const { o } = loop
  const producer = await connectTransactionalProducer(
    { ...rdkafkaConfig(o.connection), ...transactionalProducerConfig(o.transactionalId) },
    o.log,
  )
  loop.producer = producer
  const consumer = loop.kafka.consumer({
    ...readCommittedConsumerConfig(o),
    rebalance_cb: (err: { code: number }, partitions: TopicPartition[]) =>
      loop.lock.run(() => onRebalance(loop, err.code, partitions)),
  } as KafkaJS.ConsumerConstructorConfig)
  loop.consumer = consumer
  loop.tx.bind({ producer, consumer })
  await consumer.connect()
  await consumer.subscribe({ topics: o.topics })
  await consumer.run({
    // Resolving only moves this consumer's in-memory position; what is committed is what
    // sendOffsets puts in the transaction.
    eachBatchAutoResolve: true,
    eachBatch: async ({ batch }) => {
      if (batch.messages.length === 0) return
      await loop.lock.run(() => processBatch(loop, batch))
    },
  })
}

async function onRebalance(loop: EosLoop, code: number, partitions: TopicPartition[]) {
  const { handler, log } = loop.o
  if (code === -175 /* ERR__ASSIGN_PARTITIONS */) {
    loop.assignment = [...loop.assignment, ...partitions]
    log.info(
      { partitions: partitions.map((p) => `${p.topic}:${p.partition}`) },
      'partitions assigned',
    )
    await handler.onAssigned?.(partitions)
  } else {
    await loop.tx.commitOrAbort('commit on revoke')
    const revoked = new Set(partitions.map((p) => `${p.topic}:${p.partition}`))
    loop.assignment = loop.assignment.filter((p) => !revoked.has(`${p.topic}:${p.partition}`))
    log.info({ partitions: [...revoked] }, 'partitions revoked')
    await handler.onRevoked?.(partitions)
  }
}

async function processBatch(loop: EosLoop, batch: KafkaJS.Batch): Promise<void> {
  // While a restart is pending, nothing may commit past the aborted records.
  if (loop.stopping || loop.restarts.pending) return
  const { tx, o } = loop
  try {
    await tx.ensureOpen()
    const records = batch.messages.map((m) => toInput(batch.topic, batch.partition, m))
    const last = records[records.length - 1] as InputRecord
    const lag = Math.max(0, Number(batch.highWatermark) - (last.offset + 1))
    tx.send(await o.handler.process(batch.topic, batch.partition, records))
    tx.consumed(batch.topic, batch.partition, last.offset + 1, records.length)
    loop.lags.set(`${batch.topic}:${batch.partition}`, lag)
    if (Date.now() - tx.openedAt >= loop.ms.commitInterval) await tx.commit()
  } catch (error) {
    void loop.restarts.fail(error)
  }
}

async function disconnect(loop: EosLoop): Promise<void> {
  const { consumer, producer, o } = loop
  loop.consumer = undefined
  loop.producer = undefined
  loop.tx.bind(undefined)
  await consumer
    ?.disconnect()
    .catch((error: unknown) => o.log.warn({ err: error }, 'consumer disconnect failed'))
  await producer
    ?.disconnect()
    .catch((error: unknown) => o.log.warn({ err: error }, 'producer disconnect failed'))
  const dropped = loop.assignment
  loop.assignment = []
  if (dropped.length > 0) await o.handler.onRevoked?.(dropped)
}

function onTimer(loop: EosLoop, force: boolean): Promise<void> {
  return loop.lock.run(async () => {
    if (loop.stopping || loop.restarts.pending || !loop.consumer) return
    const { tx, o, ms } = loop
    try {
      const due = await o.handler.tick?.()
      if (due && due.length > 0) {
        await tx.ensureOpen()
        tx.send(due)
      }
      if (tx.open && (force || Date.now() - tx.openedAt >= ms.commitInterval)) await tx.commit()
      if (tx.open && Date.now() - tx.lastProgress > ms.stallTimeout) {
        throw new Error(`stalled: no commit for ${ms.stallTimeout} ms`)
      }
    } catch (error) {
      void loop.restarts.fail(error)
    }
  })
}
