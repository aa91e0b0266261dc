/**
 * Runs a file sink in a child process so an integration test can kill it with SIGKILL mid-stream,
 * the way a crash would. Options, tables included, come as JSON in SINK_CHILD_OPTIONS; prints
 * `running` once the sink has started.
 */
import { connectionFromEnv } from '../../kafka/config.ts'
import { createLogger } from '../../log.ts'
import { createFileSink, type SinkTableSpec } from '../../sinks/index.ts'

const options = JSON.parse(process.env.SINK_CHILD_OPTIONS ?? '{}') as Record<string, unknown> & {
  tables: SinkTableSpec[]
}
const sink = createFileSink({
  connection: connectionFromEnv(),
  log: createLogger('sink-child', 'warn'),
  dataDir: 'data',
  ...options,
})
await sink.start()
process.stdout.write(`${sink.stats().state}\n`)
process.once('SIGTERM', () => void sink.stop())
await sink.finished
