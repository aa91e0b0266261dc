/**
 * The Kafka runner behind the `RunnerDriver` contract, so that the shared runner suite runs
 * against a real broker. Each runner gets a fresh group and fresh topics, with JSON values
 * (driver-topics.ts). The wall clock is simulated. `flush` waits until the group has committed
 * everything (group-progress.ts), `drain` sends an end-of-input record to every source
 * partition, and `restart` kills the runner without committing more and starts a new one on the
 * same group, which restores its state from the changelog.
 */
import type { KafkaJS } from '@confluentinc/kafka-javascript'
import type { StepMetrics } from '../compile.ts'
import { toMillis, type Duration } from '../duration.ts'
import { ConfigError, type StepError } from '../errors.ts'
import { connectionFromEnv, createKafka, type ConnectionOptions } from '../kafka/config.ts'
import { ensureTopics } from '../kafka/topics.ts'
import { createLogger, type Logger } from '../log.ts'
import type {
  FeedRecord,
  NewRunner,
  OutputRecord,
  RunnerDriver,
  RunnerSetup,
} from '../runner-driver.ts'
import type { StateSnapshot } from '../state.ts'
import { waitFor } from './wait-for.ts'
import { jsonCodec } from '../kafka-runner/codec.ts'
import {
  deadLetterRecord,
  driverTopics,
  endOfInputMessages,
  feedMessages,
  partitionCount,
  readSink,
  readState,
  sinkRecord,
  topicSpecs,
  type DriverTopics,
} from '../kafka-runner/driver-topics.ts'
import { groupProgress, type GroupProgress } from '../kafka-runner/group-progress.ts'
import { createKafkaRunner, type KafkaRunner } from '../kafka-runner/kafka-runner.ts'

/** Options of `createKafkaRunnerDriver`. */
export interface KafkaRunnerDriverOptions {
  readonly connection: ConnectionOptions
  readonly log: Logger
  /**
   * Partitions of the shuffle and the changelog. With 1, every window result comes from one
   * executor, in one commit order, as the contract's ordering tests expect.
   */
  readonly shufflePartitions: number
  /** The runners' commit interval; 20ms by default. */
  readonly commitInterval: Duration
  /** How long `flush` waits for the runner to consume and commit everything fed. */
  readonly flushTimeout: Duration
}

/** Defaults: 1 shuffle partition, 20ms commit interval, 60s flush timeout. */
export const defaultKafkaRunnerDriverOptions = {
  shufflePartitions: 1,
  commitInterval: '20ms',
  flushTimeout: '60s',
} satisfies Partial<KafkaRunnerDriverOptions>

/** A Kafka runner driven through the runner contract. */
export interface KafkaRunnerDriver extends RunnerDriver {
  /** True while the runner has a transaction open: a `restart()` now aborts work in flight. */
  readonly transactionOpen: boolean
}

/**
 * @example
 * const newRunner = createKafkaRunnerDriver({ shufflePartitions: 3, commitInterval: '1s' })
 * const runner = await newRunner({ pipeline, partitions: { in: 2 }, idleTimeout: '1m', wallClock: T0 })
 */
export function createKafkaRunnerDriver(
  options: Partial<KafkaRunnerDriverOptions> = {},
): (setup: RunnerSetup) => Promise<KafkaRunnerDriver> {
  const o: KafkaRunnerDriverOptions = {
    ...defaultKafkaRunnerDriverOptions,
    connection: { ...connectionFromEnv(), clientId: 'kafka-runner-driver' },
    log: options.log ?? createLogger('kafka-runner-driver', process.env.LOG_LEVEL ?? 'warn'),
    ...options,
  }
  if (!Number.isInteger(o.shufflePartitions) || o.shufflePartitions < 1) {
    throw new ConfigError(`invalid shuffle partitions: ${o.shufflePartitions}`)
  }
  return (setup) => startKafkaRunnerDriver(setup, o)
}

/**
 * The Kafka runner as a `NewRunner`, on the broker of `KAFKA_BROKERS` (127.0.0.1:9092 by default).
 *
 * @example
 * runRunnerSuite({ name: 'kafka', newRunner: kafkaRunnerDriver, timeout: 120_000 })
 */
export const kafkaRunnerDriver: NewRunner = createKafkaRunnerDriver()

async function startKafkaRunnerDriver(
  setup: RunnerSetup,
  o: KafkaRunnerDriverOptions,
): Promise<KafkaRunnerDriver> {
  const topics = driverTopics(setup)
  const kafka = createKafka(o.connection, o.log)
  const admin = kafka.admin()
  const producer = kafka.producer({ 'enable.idempotence': true, 'linger.ms': 0 })
  await admin.connect()
  await producer.connect()
  try {
    await ensureTopics(admin, topicSpecs(setup, topics))
    const driver = new Driver(setup, o, topics, admin, producer)
    await driver.start()
    return driver
  } catch (error) {
    await producer.disconnect()
    await admin.disconnect()
    throw error
  }
}

class Driver implements KafkaRunnerDriver {
  readonly #setup: RunnerSetup
  readonly #o: KafkaRunnerDriverOptions
  readonly #topics: DriverTopics
  readonly #admin: KafkaJS.Admin
  readonly #producer: KafkaJS.Producer
  readonly #progress: GroupProgress
  /** End offset of every source partition: everything fed, end-of-input records included. */
  readonly #ends = new Map<string, number[]>()
  #clock: number
  #runner: KafkaRunner | undefined
  /** The first step failure since the last flush (the runtime dead-lettered its record). */
  #stepError: StepError | undefined

  constructor(
    setup: RunnerSetup,
    o: KafkaRunnerDriverOptions,
    topics: DriverTopics,
    admin: KafkaJS.Admin,
    producer: KafkaJS.Producer,
  ) {
    this.#setup = setup
    this.#o = o
    this.#topics = topics
    this.#admin = admin
    this.#producer = producer
    this.#clock = setup.wallClock
    this.#progress = groupProgress({
      connection: o.connection,
      admin,
      groupId: topics.group,
      shuffleTopic: topics.shuffle,
    })
    for (const source of setup.pipeline.sources) {
      this.#ends.set(topics.sources[source] as string, Array(partitionCount(setup, source)).fill(0))
    }
  }

  async start(): Promise<void> {
    this.#runner = await this.#startRunner()
  }

  get transactionOpen(): boolean {
    return this.#runner?.processor.busy ?? false
  }

  async feed<T>(source: string, records: readonly FeedRecord<T>[]): Promise<void> {
    const { topic, ends } = this.#source(source)
    const messages = feedMessages(source, ends.length, records)
    await this.#producer.send({ topic, messages })
    for (const { partition } of records) ends[partition] = (ends[partition] ?? 0) + 1
  }

  async advanceWallClock(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) throw new ConfigError(`invalid wall-clock step: ${ms}`)
    // What was fed before is processed at the old time, as it is in the in-memory runner.
    await this.#settle()
    this.#clock += ms
    await this.#current().processor.tick()
  }

  async flush(): Promise<void> {
    await this.#settle()
    const error = this.#stepError
    this.#stepError = undefined
    if (error !== undefined) throw error
  }

  async drain(): Promise<void> {
    for (const source of this.#setup.pipeline.sources) {
      const { topic, ends } = this.#source(source)
      await this.#producer.send({ topic, messages: endOfInputMessages(ends.length) })
      ends.forEach((end, partition) => (ends[partition] = end + 1))
    }
    await this.flush()
  }

  outputs<T = unknown>(sink: string): Promise<OutputRecord<T>[]> {
    return readSink<T>(this.#o.connection, this.#topics, sink)
  }

  state(): Promise<StateSnapshot> {
    return readState(this.#o.connection, this.#topics, this.#o.shufflePartitions)
  }

  metrics(): Promise<StepMetrics[]> {
    return Promise.resolve(this.#current().runtime.metrics())
  }

  async restart(): Promise<void> {
    const runner = this.#current()
    this.#runner = undefined
    await runner.processor.kill()
    this.#runner = await this.#startRunner()
  }

  async close(): Promise<void> {
    const runner = this.#runner
    this.#runner = undefined
    try {
      await runner?.stop()
    } finally {
      await this.#producer.disconnect()
      await this.#admin.disconnect()
    }
  }

  /** A runner on the group, started, with every partition assigned and its state restored. */
  async #startRunner(): Promise<KafkaRunner> {
    const { pipeline } = this.#setup
    const sourcePartitions = Object.fromEntries(
      pipeline.sources.map((source) => [source, partitionCount(this.#setup, source)]),
    )
    const runner = createKafkaRunner({
      pipeline,
      connection: this.#o.connection,
      log: this.#o.log,
      groupId: this.#topics.group,
      transactionalId: `${this.#topics.group}-0`,
      sourceTopics: { ...this.#topics.sources },
      sourcePartitions,
      sourceCodecs: Object.fromEntries(pipeline.sources.map((source) => [source, jsonCodec()])),
      encodeSink: (sink, value, timestamp) => sinkRecord(this.#topics, sink, value, timestamp),
      deadLetter: (input, ...why) => deadLetterRecord(this.#topics, input, ...why),
      shufflePartitions: this.#o.shufflePartitions,
      idleTimeout: this.#setup.idleTimeout,
      commitInterval: this.#o.commitInterval,
      maxRecordBytes: 1024 * 1024,
      now: () => this.#clock,
      onStepError: (error) => void (this.#stepError ??= error),
    })
    const expected =
      Object.values(sourcePartitions).reduce((sum, n) => sum + n, 0) + this.#o.shufflePartitions
    try {
      await runner.start()
      await waitFor(() => runner.processor.assignment.length >= expected, {
        timeoutMs: 60_000,
        what: `${expected} partitions assigned to ${this.#topics.group}`,
      })
      // The rebalance callback restores state under the processor's lock: a tick waits for it.
      await runner.processor.tick()
    } catch (error) {
      await runner.processor.kill().catch((killError: unknown) => {
        this.#o.log.warn({ err: killError }, 'stopping a runner that failed to start failed')
      })
      throw error
    }
    return runner
  }

  #settle(): Promise<void> {
    const busy = () => this.#current().processor.busy
    return this.#progress.settle(this.#ends, busy, toMillis(this.#o.flushTimeout, 'flush timeout'))
  }

  #source(source: string): { topic: string; ends: number[] } {
    const topic = this.#topics.sources[source]
    const ends = topic === undefined ? undefined : this.#ends.get(topic)
    if (topic === undefined || ends === undefined) {
      throw new ConfigError(`unknown source: '${source}'`)
    }
    return { topic, ends }
  }

  #current(): KafkaRunner {
    if (this.#runner === undefined) throw new Error('the Kafka runner is closed or restarting')
    return this.#runner
  }
}
