/**
 * Whether a partition holds a committed record at or after an offset. A reader that has read
 * every record of a transactional topic stops before the commit markers that follow them, and
 * with several producers writing a partition at once there is one marker per transaction: the
 * gap to the end says nothing, so the topology (before it calls a source partition idle) and the
 * test harness (before it calls a run drained) ask a read_committed consumer instead.
 */
import { RdKafka } from '@confluentinc/kafka-javascript'
import { rdkafkaConfig, type ConnectionOptions } from './config.ts'
import { topicEnds } from './topic-ends.ts'

/**
 * True when a read_committed consumer starting at `from` gets a record before the partition's
 * end. True also while an open transaction hides the end (a read_committed reader stops at the
 * first open transaction, and committed records may follow it: a process killed inside a
 * transaction leaves one open until it times out), and when it cannot tell within `timeoutMs`:
 * a caller waiting for the end waits on.
 *
 * @example
 * const drained = !(await hasCommittedRecord(connection, 'incidents.enriched', 2, committedOffset))
 */
export async function hasCommittedRecord(
  connection: ConnectionOptions,
  topic: string,
  partition: number,
  from: number,
  timeoutMs = 10_000,
): Promise<boolean> {
  const consumer = new RdKafka.KafkaConsumer(
    {
      ...rdkafkaConfig({ brokers: connection.brokers, clientId: `${connection.clientId}-probe` }),
      'group.id': `${connection.clientId}-probe-unused`,
      'isolation.level': 'read_committed',
      'enable.auto.commit': false,
      'enable.partition.eof': true,
    },
    {},
  )
  let end: number | undefined
  consumer.on('partition.eof', (eof) => (end = eof.offset))
  await new Promise((resolve, reject) =>
    consumer.connect({ timeout: timeoutMs }, (err) => (err ? reject(err) : resolve(undefined))),
  )
  try {
    consumer.assign([{ topic, partition, offset: from }])
    const deadline = Date.now() + timeoutMs
    while (end === undefined && Date.now() < deadline) {
      const messages = await new Promise<RdKafka.Message[]>((resolve, reject) =>
        consumer.consume(1, (err, m) => (err ? reject(err) : resolve(m))),
      )
      if (messages.length > 0) return true
    }
    if (end === undefined) return true
    // The reader's own end stops short of an open transaction; the high watermark does not.
    return end < ((await topicEnds(connection, topic)).get(partition) ?? Infinity)
  } finally {
    await new Promise((resolve) => consumer.disconnect(() => resolve(undefined)))
  }
}
