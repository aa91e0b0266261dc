import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll } from 'vitest'
import {
  createFileSink,
  readManifestFile,
  type FileSink,
  type FileSinkInput,
} from '../../sinks/index.ts'
import { testConnection, uniqueName } from '../kafka-fixtures.ts'
import { committedRows } from './committed-rows.ts'
import { eventRecord } from './records.ts'
import { quietLog, useTempDirs } from './temp-dir.ts'
import { testTable } from './test-tables.ts'
import {
  createTestProducer,
  createTopics,
  deleteTopics,
  type TestProducer,
} from './transactional-producer.ts'

/** The integers from `from` (inclusive) to `to` (exclusive). */
export const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from }, (_, i) => from + i)

/** Incident records numbered `from` to `to`. */
export const incidents = (from: number, to: number) => range(from, to).map((i) => eventRecord(i))

/** `n` incident records whose ids mark them as sent in an aborted transaction. */
export const aborted = (n: number) =>
  range(0, n).map((i) => ({ ...eventRecord(i), event_id: `aborted-${i}` }))

/**
 * Registers the hooks a file-sink integration test needs (a transactional producer, topics,
 * temporary data directories, sinks and child processes cleaned up after each test) and returns
 * the helpers that create them.
 */
export function useFileSinkHarness() {
  const connection = testConnection()
  const tempDir = useTempDirs('sink-it-')
  const topics: string[] = []
  const sinks: FileSink[] = []
  const children: ChildProcess[] = []
  let producer: TestProducer | undefined

  beforeAll(async () => {
    producer = await createTestProducer(connection)
  })
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
    await Promise.all(sinks.splice(0).map((s) => s.stop()))
  })
  afterAll(async () => {
    await producer?.close()
    if (topics.length > 0) await deleteTopics(connection, topics)
  })

  return {
    connection,
    tempDir,
    /** Child processes to SIGKILL after the test if still running. */
    children,
    producer(): TestProducer {
      if (!producer) throw new Error('the test producer is created in beforeAll')
      return producer
    },
    async newTopic(prefix: string): Promise<string> {
      const topic = uniqueName(`sink-${prefix}`)
      await createTopics(connection, [topic])
      topics.push(topic)
      return topic
    },
    newSink(dataDir: string, incidentsTopic: string, extra: Partial<FileSinkInput> = {}): FileSink {
      const sink = createFileSink({
        connection,
        dataDir,
        log: quietLog,
        tables: [testTable('incidents', 'event', incidentsTopic)],
        ...extra,
      })
      sinks.push(sink)
      return sink
    },
    rowsOf: async (dataDir: string, table = 'incidents', id = 'event_id') =>
      committedRows(dataDir, table, id),
    async committedOffsetSum(dataDir: string, topic: string): Promise<number> {
      const m = await readManifestFile(join(dataDir, 'incidents'), 'incidents')
      return Object.values(m.sources[topic] ?? {}).reduce((a, b) => a + b, 0)
    },
  }
}
