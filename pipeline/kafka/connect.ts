/**
 * Fails fast and clearly when the broker cannot be reached. librdkafka retries a dead broker
 * forever; a command that starts against one should instead say so within a bounded time.
 */
import type { KafkaJS } from '@confluentinc/kafka-javascript'
import { CodedError } from '../errors.ts'

/** No broker answered in time; a retry can help once it is up. */
export class BrokerUnreachableError extends CodedError {
  constructor(brokers: string[], timeoutMs: number, cause: unknown) {
    super(
      'BROKER_UNREACHABLE',
      `Kafka broker unreachable at ${brokers.join(',')} (no answer within ${timeoutMs} ms). ` +
        'Start the local broker with `make up` (or `bash infra/kafka/kafka.sh start`), or set KAFKA_BROKERS.',
      { cause, retriable: true },
    )
  }
}

/**
 * Connects the admin client and asks for metadata once, within `timeoutMs`.
 *
 * @example
 * await assertBrokerReachable(admin, ['127.0.0.1:9092'], 10_000)
 */
export async function assertBrokerReachable(
  admin: KafkaJS.Admin,
  brokers: string[],
  timeoutMs = 10_000,
): Promise<void> {
  try {
    await admin.connect()
    await admin.listTopics({ timeout: timeoutMs })
  } catch (cause) {
    throw new BrokerUnreachableError(brokers, timeoutMs, cause)
  }
}
