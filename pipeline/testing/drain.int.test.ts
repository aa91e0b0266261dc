import { afterAll, describe, expect, it } from 'vitest'
import { rdkafkaConfig } from '../kafka/config.ts'
import { connectFastProducer } from '../kafka/fast-producer.ts'
import { createTopics, deleteTopics } from './sinks/transactional-producer.ts'
import { topicEnds } from '../kafka/topic-ends.ts'
import { drained, sendEndOfInput } from './drain.ts'
import { testConnection, uniqueName } from './kafka-fixtures.ts'

const connection = testConnection()
const topic = uniqueName('drain-it')
const group = uniqueName('drain-it-group')

afterAll(() => deleteTopics(connection, [topic]))

describe('drained', () => {
  it('waits for a topic to exist and for the group to commit its end', async () => {
    expect(await drained(connection, group, [topic], new Set())).toBe(false)
    await createTopics(connection, [topic], 2)
    expect(await drained(connection, group, [topic], new Set())).toBe(true)

    const producer = await connectFastProducer(rdkafkaConfig(connection))
    await sendEndOfInput(producer, topic, 2)
    await producer.disconnect()
    expect(await topicEnds(connection, topic)).toEqual(
      new Map([
        [0, 1],
        [1, 1],
      ]),
    )
    expect(await drained(connection, group, [topic], new Set())).toBe(false)
  })
})
