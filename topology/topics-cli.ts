/**
 * `npm run topics`: creates the pipeline's topics and registers its schemas, idempotently.
 * The generator and the topology run the same step at start-up.
 */
import { parseArgs } from 'node:util'
import { createLogger } from '@incident-pipeline/dataflow'
import { connectionFromEnv } from '@incident-pipeline/dataflow/kafka'
import { bootstrap } from './bootstrap.ts'

const usage = `Usage: npm run topics -- [--partitions N]

Creates the pipeline's topics (idempotent) and registers the Avro schemas with
BACKWARD compatibility.

Options:
  --partitions N   partitions per topic (default 3)
  -h, --help       show this help

Environment:
  KAFKA_BROKERS        bootstrap servers (default 127.0.0.1:9092)
  SCHEMA_REGISTRY_URL  Confluent-compatible registry (default http://127.0.0.1:8081/apis/ccompat/v7)`

const { values } = parseArgs({
  options: { partitions: { type: 'string', default: '3' }, help: { type: 'boolean', short: 'h' } },
})
if (values.help) {
  console.log(usage)
  process.exit(0)
}
const log = createLogger('topics')
const partitions = Number(values.partitions)
try {
  await bootstrap({ connection: connectionFromEnv(), topics: { partitions }, log })
} catch (error) {
  log.error({ err: error }, (error as Error).message)
  log.flush()
  process.exitCode = 1
}
