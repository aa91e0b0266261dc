import { afterAll, describe, expect, it } from 'vitest'
import { RdKafka } from '@confluentinc/kafka-javascript'
import { createKafka, rdkafkaConfig } from '../kafka/config.ts'
import { createTopics, deleteTopics } from '../testing/sinks/transactional-producer.ts'
import { testConnection, transactionalProducer, uniqueName } from '../testing/kafka-fixtures.ts'
import { createCaughtUpProbe } from './caught-up-probe.ts'

const connection = testConnection()
const plain = uniqueName('caught-up-plain-it')
const transactional = uniqueName('caught-up-tx-it')
const group = uniqueName('caught-up-group')

afterAll(() => deleteTopics(connection, [plain, transactional]))

/** Commits `offset` for the group, as the topology's transaction would. */
async function commitAt(topic: string, offset: number): Promise<void> {
  const consumer = new RdKafka.KafkaConsumer(
    { ...rdkafkaConfig(connection), 'group.id': group, 'enable.auto.commit': false },
    {},
  )
  await new Promise((resolve, reject) =>
    consumer.connect({}, (err) => (err ? reject(err) : resolve(undefined))),
  )
  consumer.commitSync([{ topic, partition: 0, offset }])
  await new Promise((resolve) => consumer.disconnect(() => resolve(undefined)))
}

describe('caught-up probe', () => {
  it('tells one unread record from a commit marker, and interleaved transactions from a backlog', async () => {
    await createTopics(connection, [plain, transactional], 1)
    const probe = createCaughtUpProbe(connection, group, { raw: plain, tx: transactional })

    const producer = createKafka(connection).producer()
    await producer.connect()
    await producer.send({ topic: plain, messages: [{ value: 'a' }, { value: 'b' }] })
    await producer.disconnect()
    const [a, b] = await Promise.all([
      transactionalProducer(connection),
      transactionalProducer(connection),
    ])
    const first = await a.transaction()
    const second = await b.transaction()
    await first.send({ topic: transactional, messages: [{ value: 'a', partition: 0 }] })
    await second.send({ topic: transactional, messages: [{ value: 'b', partition: 0 }] })
    await first.commit()
    await second.commit()
    await Promise.all([a.disconnect(), b.disconnect()])

    // Without a committed offset, the group has everything to read.
    expect(await probe('raw/0')).toBe(false)
    // One record short of the end: a lag of one that is a record, not a marker.
    await commitAt(plain, 1)
    expect(await probe('raw/0')).toBe(false)
    await commitAt(plain, 2)
    expect(await probe('raw/0')).toBe(true)
    // Both records read: two commit markers follow, so the lag is two and nothing is left.
    await commitAt(transactional, 1)
    expect(await probe('tx/0')).toBe(false)
    await commitAt(transactional, 2)
    expect(await probe('tx/0')).toBe(true)
    expect(await probe('unknown/0')).toBe(false)
  })
})
