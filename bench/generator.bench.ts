/**
 * Generator throughput to the local broker, unthrottled: `node bench/generator.bench.ts [count]`.
 * Prints JSON with the produce rate and, as a baseline measured in the same run, the rate of
 * generating and Avro-encoding the same events without Kafka; their ratio shows what Kafka costs.
 */
import avro from 'avsc'
import {
  connectionFromEnv,
  rdkafkaConfig,
  connectFastProducer,
} from '@incident-pipeline/dataflow/kafka'
import { createLogger } from '@incident-pipeline/dataflow'
import { createRegistryClient, createSerde } from '@incident-pipeline/dataflow/avro'
import { createEventGenerator } from '../generator/generate-events.ts'
import { encodeItem } from '../generator/encode-item.ts'
import { foreignRecordSchema } from '../generator/poison.ts'
import { generatorProducerConfig, produce } from '../generator/produce.ts'
import { bootstrap } from '../topology/bootstrap.ts'
import { defaultTopicNames } from '../topology/topics.ts'
import { loadSchema } from '../schemas/catalog.ts'

const count = Number(process.argv[2] ?? 500_000)
const connection = connectionFromEnv()
const log = createLogger('bench', 'warn')
const topic = `bench-generator-${Date.now()}`
await bootstrap({ connection, log, topics: { names: { ...defaultTopicNames, raw: topic } } })
const serde = createSerde({ registry: createRegistryClient({ url: connection.registryUrl }) })
const encoders = {
  event: await serde.encoder(`${topic}-value`, loadSchema('incident-log-event')),
  foreign: await serde.encoder(
    `${topic}.poison-value`,
    avro.Type.forSchema(foreignRecordSchema as unknown as avro.Schema),
  ),
}

const baselineStart = performance.now()
const baselineGenerator = createEventGenerator({ seed: 7 })
let bytes = 0
for (let i = 0; i < count; i++)
  bytes += encodeItem(baselineGenerator.next(), encoders).value?.length ?? 0
const baselineSeconds = (performance.now() - baselineStart) / 1000

const producer = await connectFastProducer(
  { ...rdkafkaConfig(connection), ...generatorProducerConfig },
  log,
)
const stats = await produce(producer, createEventGenerator({ seed: 7 }), encoders, { topic, count })
await producer.disconnect()

const produceRate = stats.acked / (stats.elapsedMs / 1000)
const baselineRate = count / baselineSeconds
console.log(
  JSON.stringify(
    {
      bench: 'generator',
      events: count,
      avg_event_bytes: Math.round(bytes / count),
      produce_events_per_sec: Math.round(produceRate),
      baseline_generate_encode_per_sec: Math.round(baselineRate),
      ratio_to_baseline: Number((produceRate / baselineRate).toFixed(3)),
      errors: stats.errors,
    },
    null,
    2,
  ),
)
