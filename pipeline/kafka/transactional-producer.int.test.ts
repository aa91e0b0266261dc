import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../log.ts'
import { testConnection, uniqueName } from '../testing/kafka-fixtures.ts'
import { createKafka, rdkafkaConfig } from './config.ts'
import { readTopic } from './read-topic.ts'
import { ensureTopics } from './topics.ts'
import {
  connectTransactionalProducer,
  type TransactionalProducer,
} from './transactional-producer.ts'

const connection = testConnection()
const log = createLogger('it', 'warn')
let producer: TransactionalProducer

beforeAll(async () => {
  producer = await connectTransactionalProducer(
    {
      ...rdkafkaConfig(connection),
      'transactional.id': uniqueName('tx-producer'),
      // A queue far smaller than a transaction's records, so produce has to wait for room.
      'queue.buffering.max.messages': 50,
      'linger.ms': 1,
    },
    log,
  )
})
afterAll(async () => {
  await producer.disconnect()
})

async function newTopic(): Promise<string> {
  const topic = uniqueName('tx-producer')
  const admin = createKafka(connection).admin()
  await admin.connect()
  await ensureTopics(admin, [{ topic, numPartitions: 1, config: {} }])
  await admin.disconnect()
  return topic
}

const records = (topic: string, from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ topic, value: Buffer.from(`v${from + i}`) }))
const committedValues = async (topic: string): Promise<string[]> =>
  (await readTopic(connection, topic, { partitions: [0], timeoutMs: 30_000 })).map(
    (r) => r.value?.toString() ?? '',
  )

describe('transactional producer on the native API, against the real broker', () => {
  it('keeps the order of every record when produce has to wait for room', async () => {
    const topic = await newTopic()
    await producer.begin()
    const waits = [0, 1, 2].map((batch) => producer.produce(records(topic, batch * 200, 200)))
    expect(waits.every((w) => w !== undefined)).toBe(true)
    await Promise.all(waits)
    await producer.commit()
    expect(await committedValues(topic)).toEqual(
      records(topic, 0, 600).map((r) => r.value.toString()),
    )
  })

  it('drops the waiting records of an aborted transaction, so none reach the next one', async () => {
    const topic = await newTopic()
    await producer.begin()
    const waiting = producer.produce(records(topic, 0, 2_000))
    await producer.abort()
    await expect(waiting).rejects.toThrow('aborted')
    await producer.begin()
    await producer.produce([{ topic, value: Buffer.from('after') }])
    await producer.commit()
    expect(await committedValues(topic)).toEqual(['after'])
  })
})
