/**
 * Routes the Kafka client's own log lines (librdkafka and its KafkaJS-compatible layer) into our
 * structured logger, so a broker that is down shows as one clear JSON line, not raw objects.
 */
import { KafkaJS } from '@confluentinc/kafka-javascript'
import type { Logger } from '../log.ts'

/** Adapts a pino logger to the KafkaJS Logger interface. */
export function kafkaLogger(log: Logger): KafkaJS.Logger {
  const adapt = (target: Logger): KafkaJS.Logger => ({
    info: (message, extra) => target.debug(extra ?? {}, message),
    warn: (message, extra) => target.warn(extra ?? {}, message),
    error: (message, extra) => target.error(extra ?? {}, message),
    debug: (message, extra) => target.trace(extra ?? {}, message),
    namespace: (namespace) => adapt(target.child({ component: namespace })),
    setLogLevel: () => undefined,
  })
  return adapt(log.child({ component: 'kafka' }))
}
