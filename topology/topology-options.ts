/**
 * Options of `npm run topology`, from flags and the environment (flags win), parsed strictly and
 * validated with zod so that a bad value is refused by name before anything connects.
 */
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { ConfigError, toMillis } from '@incident-pipeline/dataflow'

export const topologyUsage = `Usage: npm run topology -- [options]

Runs the incident topology: reads raw incident logs, enriches them exactly once inside Kafka
transactions, groups them into event-time hourly windows and alert windows, and writes the
enriched incidents, hourly summaries and alerts to Kafka topics and to CSV/Parquet files.

Options (environment variable in brackets):
  --brokers LIST          Kafka bootstrap servers [KAFKA_BROKERS] (default 127.0.0.1:9092)
  --registry URL          Confluent-compatible schema registry [SCHEMA_REGISTRY_URL]
                          (default http://127.0.0.1:8081/apis/ccompat/v7)
  --group ID              consumer group and transactional-id prefix [TOPOLOGY_GROUP]
                          (default incident-topology)
  --topic-prefix P        prefix of every topic it reads and writes [TOPOLOGY_TOPIC_PREFIX] (default none)
  --data-dir DIR          where files are written [DATA_DIR] (default ./data)
  --formats LIST          file formats: parquet,csv, or none [TOPOLOGY_FORMATS] (default parquet,csv)
  --grace DURATION        how long a window stays open after its end [TOPOLOGY_GRACE] (default 5m)
  --idle-timeout DURATION a partition without events stops holding the watermark back after
                          this long [TOPOLOGY_IDLE_TIMEOUT] (default 30s)
  --commit-interval DURATION  transaction commit interval [TOPOLOGY_COMMIT_INTERVAL] (default 100ms)
  --partitions N          partitions of the topics it creates [TOPOLOGY_PARTITIONS] (default 3)
  --metrics-port N        Prometheus metrics on 127.0.0.1:N/metrics [METRICS_PORT] (default 9464; 0 = off)
  -h, --help              show this help

Durations: 250ms, 30s, 5m, 1h. Logs are JSON lines on stderr (LOG_LEVEL). On SIGTERM or SIGINT
it commits what it has processed and closes cleanly.`

const duration = () =>
  z.string().transform((text, ctx) => {
    try {
      return toMillis(text, 'duration')
    } catch {
      // The flag and the value are in the message the caller builds around this one.
      ctx.addIssue({
        code: 'custom',
        message: 'expected a duration >= 0 such as 250ms, 30s, 5m, 1h',
      })
      return z.NEVER
    }
  })

export const topologyOptionsSchema = z.strictObject({
  brokers: z
    .string()
    .min(1)
    .transform((s) =>
      s
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
    ),
  registry: z.url(),
  group: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, . _ - only'),
  topicPrefix: z.string().regex(/^[A-Za-z0-9._-]*$/, 'letters, digits, . _ - only'),
  dataDir: z.string().min(1),
  formats: z
    .string()
    .transform((s) => (s === 'none' ? [] : s.split(',').map((f) => f.trim())))
    .pipe(z.array(z.enum(['parquet', 'csv']))),
  grace: duration(),
  idleTimeout: duration(),
  commitInterval: duration(),
  partitions: z.coerce.number().int().positive(),
  metricsPort: z.coerce.number().int().min(0).max(65535),
  help: z.boolean(),
})

export type TopologyOptions = z.output<typeof topologyOptionsSchema>

const flags = {
  brokers: ['KAFKA_BROKERS', '127.0.0.1:9092'],
  registry: ['SCHEMA_REGISTRY_URL', 'http://127.0.0.1:8081/apis/ccompat/v7'],
  group: ['TOPOLOGY_GROUP', 'incident-topology'],
  'topic-prefix': ['TOPOLOGY_TOPIC_PREFIX', ''],
  'data-dir': ['DATA_DIR', './data'],
  formats: ['TOPOLOGY_FORMATS', 'parquet,csv'],
  grace: ['TOPOLOGY_GRACE', '5m'],
  'idle-timeout': ['TOPOLOGY_IDLE_TIMEOUT', '30s'],
  'commit-interval': ['TOPOLOGY_COMMIT_INTERVAL', '100ms'],
  partitions: ['TOPOLOGY_PARTITIONS', '3'],
  'metrics-port': ['METRICS_PORT', '9464'],
} as const

const camel = (flag: string): string => flag.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())

/**
 * @example
 * parseTopologyArgs(['--grace', '10m'], process.env).grace // 600000
 */
export function parseTopologyArgs(args: string[], env: NodeJS.ProcessEnv): TopologyOptions {
  const { values } = parseFlags(args)
  const given = values as Record<string, string | boolean | undefined>
  const input: Record<string, unknown> = { help: given.help === true }
  for (const [flag, [variable, fallback]] of Object.entries(flags)) {
    input[camel(flag)] = given[flag] ?? env[variable] ?? fallback
  }
  const parsed = topologyOptionsSchema.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const key = String(issue?.path[0] ?? '')
    const flag = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
    throw new ConfigError(
      `invalid --${flag}: ${issue?.message ?? 'bad value'} (got ${JSON.stringify(input[key])})`,
    )
  }
  return parsed.data
}

function parseFlags(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      options: {
        ...Object.fromEntries(Object.keys(flags).map((f) => [f, { type: 'string' as const }])),
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}; see --help`, { cause: error })
  }
}
