/**
 * The exactly-once file sink's lifecycle. `start()` takes the data directory's lock (or stands
 * by and retries while a live instance holds it), recovers every table from its manifest,
 * connects the consumer and assigns all partitions at the manifests' offsets, then runs the loop
 * (sink-loop.ts). `stop()` lets the current step finish, commits what is buffered, releases the
 * lock and disconnects. A fatal error ends the loop without a final flush; the process should
 * exit, and a restart recovers from the manifests.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { LockLostError, SinkError } from './errors.ts'
import { resolveFileSinkOptions, type FileSinkInput, type FileSinkOptions } from './options.ts'
import { createParquetCsvWriter, type ParquetCsvWriter } from './parquet-csv-writer.ts'
import { PartitionAssignment } from './partition-assignment.ts'
import type { IngestTarget } from './record-ingest.ts'
import { openTables } from './open-tables.ts'
import { runSinkLoop } from './sink-loop.ts'
import { createSinkLock, type SinkLock } from './sink-lock.ts'
import { createSinkMetrics, type SinkMetrics, type TableCounters } from './sink-metrics.ts'
import { createSourceConsumer, type SourceConsumer } from './source-consumer.ts'
import type { FileSink, FileSinkStats, SinkState } from './file-sink-api.ts'

export class FileSinkRunner implements FileSink {
  readonly finished: Promise<void>
  readonly #o: FileSinkOptions
  readonly #lock: SinkLock
  readonly #metrics: SinkMetrics
  readonly #targets = new Map<string, IngestTarget>()
  #settle: { resolve(): void; reject(error: unknown): void } = {
    resolve: () => undefined,
    reject: () => undefined,
  }
  #state: SinkState = 'idle'
  #stopping = false
  #consumer: SourceConsumer | undefined
  #assignment: PartitionAssignment | undefined
  #writer: ParquetCsvWriter | undefined
  #retry: NodeJS.Timeout | undefined
  #activating: Promise<boolean> | undefined
  #loop: Promise<void> | undefined

  constructor(input: FileSinkInput) {
    this.#o = resolveFileSinkOptions(input)
    this.#lock = createSinkLock({
      path: join(this.#o.dataDir, '.sink.lock'),
      staleAfterMs: this.#o.lock.staleAfterMs,
    })
    const gauges = {
      lockHeld: () => this.#lock.held,
      tables: () => [...this.#targets.values()].map((t) => t.writer.gauges()),
      duckdbMemory: async () => this.#writer?.memoryUsage(),
    }
    this.#metrics = createSinkMetrics(
      this.#o.tables.map((t) => t.table),
      gauges,
      this.#o.metrics,
    )
    this.finished = new Promise<void>((resolve, reject) => (this.#settle = { resolve, reject }))
    this.finished.catch(() => undefined) // observed through `finished`, never an unhandled rejection
  }

  async start(): Promise<void> {
    if (this.#state !== 'idle') {
      throw new SinkError('INVALID_STATE', `start() called in state ${this.#state}`)
    }
    this.#state = 'starting'
    await mkdir(this.#o.dataDir, { recursive: true })
    if (!(await this.#activate())) this.#standby()
  }

  async stop(): Promise<void> {
    this.#stopping = true
    clearTimeout(this.#retry)
    await this.#activating?.catch(() => undefined)
    if (this.#loop) return this.#loop
    if (this.#state === 'idle' || this.#state === 'starting' || this.#state === 'standby') {
      this.#end(undefined)
    }
  }

  stats(): FileSinkStats {
    const tables: FileSinkStats['tables'] = {}
    const empty = { bufferedRows: 0, files: { parquet: 0, csv: 0 }, committedOffsets: {} }
    for (const { table, topic } of this.#o.tables) {
      const { bufferedRows, files, committedOffsets } = this.#writerOf(table)?.gauges() ?? empty
      const counters = this.#metrics.tables.get(table) as TableCounters
      tables[table] = {
        topic,
        ...counters,
        bufferedRows,
        files,
        committedOffsets,
      }
    }
    return { state: this.#state, lockHeld: this.#lock.held, tables }
  }

  #writerOf(table: string) {
    return [...this.#targets.values()].find((t) => t.table === table)?.writer
  }

  #activate(): Promise<boolean> {
    this.#activating = (async () => {
      if (this.#stopping) return false
      const result = await this.#lock.tryAcquire()
      if (!result.acquired) {
        if (this.#state !== 'standby') {
          this.#o.log.info(
            { holder: result.holder, lock: this.#lock.path },
            'another sink holds the lock; standing by',
          )
        }
        return false
      }
      try {
        await this.#open()
      } catch (error) {
        await this.#close(error)
        this.#end(error)
        throw error
      }
      this.#state = 'running'
      this.#loop = this.#run()
      return true
    })()
    return this.#activating
  }

  #standby(): void {
    if (this.#stopping) return
    this.#state = 'standby'
    this.#retry = setTimeout(() => {
      this.#activate().then(
        (active) => !active && !this.#stopping && this.#standby(),
        (error: unknown) => this.#o.log.error({ err: error }, 'the standby sink failed to start'),
      )
    }, this.#o.lock.retryMs)
  }

  async #open(): Promise<void> {
    const o = this.#o
    this.#writer = await createParquetCsvWriter(o.duckdb)
    const opened = await openTables({
      options: o,
      tables: o.tables,
      writer: this.#writer,
      lock: this.#lock,
      metrics: this.#metrics,
    })
    for (const [topic, target] of opened) this.#targets.set(topic, target)
    const consumer = createSourceConsumer({
      connection: o.connection,
      log: o.log,
      pollTimeoutMs: o.pollTimeoutMs,
      config: o.consumerConfig,
    })
    this.#consumer = consumer
    await consumer.connect()
    const sources = [...opened].map(([topic, t]) => ({
      topic,
      table: t.table,
      nextOffset: (p: number) => t.writer.nextOffset(p),
    }))
    this.#assignment = new PartitionAssignment(consumer, sources, o.log)
    await this.#assignment.refresh()
    o.log.info({ dataDir: o.dataDir, partitions: this.#assignment.counts() }, 'file sink running')
  }

  async #run(): Promise<void> {
    let failure: unknown
    const writers = [...this.#targets.values()].map((t) => t.writer)
    try {
      await runSinkLoop({
        options: this.#o,
        consumer: this.#consumer as SourceConsumer,
        assignment: this.#assignment as PartitionAssignment,
        targets: this.#targets,
        writers,
        lock: this.#lock,
        metrics: this.#metrics,
        stopping: () => this.#stopping,
      })
      for (const writer of writers) await writer.flush()
    } catch (error) {
      failure = error
    }
    await this.#close(failure)
    this.#end(failure)
  }

  async #close(failure: unknown): Promise<void> {
    this.#state = 'stopping'
    const log = this.#o.log
    await this.#consumer
      ?.disconnect()
      .catch((err: unknown) => log.warn({ err }, 'consumer disconnect failed'))
    this.#writer?.close()
    this.#writer = undefined
    // A lost lock belongs to someone else now: leave it alone.
    if (!(failure instanceof LockLostError)) {
      await this.#lock
        .release()
        .catch((err: unknown) => log.warn({ err }, 'cannot release the lock'))
    }
  }

  #end(failure: unknown): void {
    this.#state = failure === undefined ? 'stopped' : 'failed'
    if (failure === undefined) {
      this.#o.log.info('file sink stopped')
      this.#settle.resolve()
    } else {
      this.#o.log.error({ err: failure }, 'file sink failed')
      this.#settle.reject(failure)
    }
  }
}
