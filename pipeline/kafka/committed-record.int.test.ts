import { afterAll, describe, expect, it } from 'vitest'
import { hasCommittedRecord } from './committed-record.ts'
import { createTopics, deleteTopics } from '../testing/sinks/transactional-producer.ts'
import { topicEnds } from './topic-ends.ts'
import { testConnection, transactionalProducer, uniqueName } from '../testing/kafka-fixtures.ts'

const connection = testConnection()
const topic = uniqueName('committed-record-it')
const hidden = uniqueName('committed-record-open-it')

afterAll(() => deleteTopics(connection, [topic, hidden]))

const transactional = () => transactionalProducer(connection)

describe('hasCommittedRecord', () => {
  it('sees past the commit markers of interleaved transactions and past aborted records', async () => {
    await createTopics(connection, [topic], 1)
    const [a, b] = await Promise.all([transactional(), transactional()])
    const first = await a.transaction()
    const second = await b.transaction()
    await first.send({ topic, messages: [{ value: 'a', partition: 0 }] })
    await second.send({ topic, messages: [{ value: 'b', partition: 0 }] })
    await first.commit()
    await second.commit()
    const aborted = await a.transaction()
    await aborted.send({ topic, messages: [{ value: 'c', partition: 0 }] })
    await aborted.abort()
    await Promise.all([a.disconnect(), b.disconnect()])

    // Records at 0 and 1, two commit markers at 2 and 3, an aborted record and its marker.
    expect(await topicEnds(connection, topic)).toEqual(new Map([[0, 6]]))
    expect(await hasCommittedRecord(connection, topic, 0, 0)).toBe(true)
    expect(await hasCommittedRecord(connection, topic, 0, 1)).toBe(true)
    expect(await hasCommittedRecord(connection, topic, 0, 2)).toBe(false)
  })

  it('waits while an open transaction hides committed records behind it', async () => {
    await createTopics(connection, [hidden], 1)
    const [zombie, live] = await Promise.all([transactional(), transactional()])
    const open = await zombie.transaction()
    await open.send({ topic: hidden, messages: [{ value: 'never committed', partition: 0 }] })
    const committed = await live.transaction()
    await committed.send({ topic: hidden, messages: [{ value: 'committed', partition: 0 }] })
    await committed.commit()

    // A reader stops at offset 0, before the open transaction: the committed record at 1 is hidden.
    expect(await hasCommittedRecord(connection, hidden, 0, 0)).toBe(true)
    await open.abort()
    expect(await hasCommittedRecord(connection, hidden, 0, 0)).toBe(true)
    expect(await hasCommittedRecord(connection, hidden, 0, 2)).toBe(false)
    await Promise.all([zombie.disconnect(), live.disconnect()])
  })
})
