import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from '../log.ts'
import { collectTopic, testConnection, uniqueName } from '../testing/kafka-fixtures.ts'
import { createKafka } from './config.ts'
import { createEosProcessor, type EosProcessor } from './eos-processor.ts'
import { ensureTopics } from './topics.ts'

const connection = testConnection()
const log = createLogger('it', 'warn')
const running: EosProcessor[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()))
})

async function topicsWithData(count: number): Promise<{ input: string; output: string }> {
  const input = uniqueName('eos-in')
  const output = uniqueName('eos-out')
  const admin = createKafka(connection).admin()
  await admin.connect()
  await ensureTopics(
    admin,
    [input, output].map((topic) => ({ topic, numPartitions: 3, config: {} })),
  )
  await admin.disconnect()
  const producer = createKafka(connection).producer({ 'enable.idempotence': true, 'linger.ms': 5 })
  await producer.connect()
  const messages = Array.from({ length: count }, (_, i) => ({ key: `k${i % 17}`, value: `v${i}` }))
  for (let i = 0; i < messages.length; i += 1_000)
    await producer.send({ topic: input, messages: messages.slice(i, i + 1_000) })
  await producer.disconnect()
  return { input, output }
}

const copy = (input: string, output: string, id: string): EosProcessor =>
  createEosProcessor({
    connection,
    log,
    groupId: `${input}-copy`,
    transactionalId: `${input}-copy-${id}`,
    topics: [input],
    handler: {
      process: (_t, _p, records) =>
        records.map((r) => ({ topic: output, key: r.key, value: r.value })),
    },
  })

describe('EOS processor against the real broker', () => {
  it('copies every record exactly once', async () => {
    const { input, output } = await topicsWithData(5_000)
    const processor = copy(input, output, 'a')
    running.push(processor)
    await processor.start()
    const collector = await collectTopic(output, connection)
    try {
      const records = await collector.waitForCount(5_000)
      const values = records.map((r) => r.value.toString())
      expect(new Set(values).size).toBe(5_000)
    } finally {
      await collector.close()
    }
  })

  it('hands partitions over to a second instance with no loss and no duplicates', async () => {
    const { input, output } = await topicsWithData(6_000)
    const first = copy(input, output, 'a')
    running.push(first)
    await first.start()
    const second = copy(input, output, 'b')
    running.push(second)
    await second.start()
    const collector = await collectTopic(output, connection)
    try {
      const records = await collector.waitForCount(6_000)
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      const values = collector.records.map((r) => r.value.toString())
      expect(values.length).toBe(6_000)
      expect(new Set(values).size).toBe(6_000)
      expect(records.length).toBe(6_000)
    } finally {
      await collector.close()
    }
  })

  it('backs off while a record keeps failing, then delivers it exactly once', async () => {
    const { input, output } = await topicsWithData(300)
    const restarts: { delayMs: number; failuresInARow: number }[] = []
    const capture = pino(
      { level: 'error' },
      { write: (line: string) => void restarts.push(JSON.parse(line)) },
    )
    let failures = 0
    const processor = createEosProcessor({
      connection,
      log: capture,
      groupId: `${input}-flaky`,
      transactionalId: `${input}-flaky-a`,
      topics: [input],
      handler: {
        process: (_t, _p, records) => {
          if (records.some((r) => r.value?.toString() === 'v150') && failures < 3) {
            failures++
            throw new Error('step failed on v150')
          }
          return records.map((r) => ({ topic: output, key: r.key, value: r.value }))
        },
      },
    })
    running.push(processor)
    await processor.start()
    const collector = await collectTopic(output, connection)
    try {
      await collector.waitForCount(300)
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      const values = collector.records.map((r) => r.value.toString())
      expect(values.length).toBe(300)
      expect(new Set(values).size).toBe(300)
      expect(restarts.map((r) => [r.delayMs, r.failuresInARow])).toEqual([
        [250, 1],
        [500, 2],
        [1_000, 3],
      ])
    } finally {
      await collector.close()
    }
  })
})
