/**
 * Where the generator publishes the ground truth of its scenarios: one JSON record per scenario on
 * the scenarios topic, keyed by scenario id, and optionally one line per scenario appended to a
 * JSONL file. Writes are fire-and-forget so the send loop never waits; `close()` waits for every
 * send and fails, naming how many, if any record could not be delivered.
 */
import { appendFileSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { KafkaJS } from '@confluentinc/kafka-javascript'
import type { ScenarioTruth } from './scenarios/scenario-types.ts'

export interface TruthSinkOptions {
  /** A connected producer; the sink disconnects it on close. */
  producer: KafkaJS.Producer
  topic: string
  /** JSONL file the records are appended to (created with its folder); none when undefined. */
  file: string | undefined
}

export interface TruthSink {
  write(truth: ScenarioTruth): void
  /** Waits for every record to be delivered, disconnects the producer; throws if any failed. */
  close(): Promise<void>
}

/**
 * The Kafka record of a ground truth.
 *
 * @example
 * encodeTruth(truth) // { key: 'ddos-5-0', value: '{"scenario_id":"ddos-5-0",...}' }
 */
export function encodeTruth(truth: ScenarioTruth): { key: string; value: string } {
  return { key: truth.scenario_id, value: JSON.stringify(truth) }
}

/**
 * @example
 * const sink = createTruthSink({ producer, topic: 'incidents.scenarios', file: 'truth.jsonl' })
 * sink.write(truth)
 * await sink.close()
 */
export function createTruthSink(options: TruthSinkOptions): TruthSink {
  const { producer, topic, file } = options
  if (file !== undefined) mkdirSync(dirname(file), { recursive: true })
  const sends: Promise<unknown>[] = []
  const failures: unknown[] = []
  return {
    write(truth) {
      const record = encodeTruth(truth)
      if (file !== undefined) appendFileSync(file, record.value + '\n')
      sends.push(
        producer.send({ topic, messages: [record] }).catch((e: unknown) => failures.push(e)),
      )
    },
    async close() {
      await Promise.all(sends)
      await producer.disconnect()
      if (failures.length > 0) {
        throw new Error(`${failures.length} ground-truth records not delivered to ${topic}`, {
          cause: failures[0],
        })
      }
    },
  }
}
