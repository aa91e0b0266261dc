/**
 * Command-line options of `npm run generate`, parsed strictly (an unknown flag is an error) and
 * validated with zod, so a bad value is refused with its name before anything connects.
 */
import { parseArgs } from 'node:util'
import { z } from 'zod'

export const generatorUsage = `Usage: npm run generate -- [options]

Produces IT incident log events (the original project's templates, weights and ranges) to Kafka,
Avro-encoded through the schema registry, with the idempotent producer.

Options:
  --rate N                events per second; 0 = unthrottled (default 10)
  --count N               stop after N events
  --duration S            stop after S seconds
  --seed N                seed of the run, for reproducible output (default: random)
  --late-fraction F       share of events far behind the current event time (default 0)
  --out-of-order-fraction F  share of events slightly behind (default 0)
  --poison-fraction F     share of poison messages the topology must dead-letter (default 0)
  --topic NAME            topic (default incidents)
  --partitions N          partitions when the topic is created (default 3)
  --quiet                 no progress line
  -h, --help              show this help

Environment:
  KAFKA_BROKERS        bootstrap servers (default 127.0.0.1:9092)
  SCHEMA_REGISTRY_URL  Confluent-compatible registry (default http://127.0.0.1:8081/apis/ccompat/v7)

Stops cleanly on SIGINT/SIGTERM: in-flight events are flushed before it exits.`

const count = z.coerce.number().int().positive()
const share = z.coerce.number().min(0).max(1)

export const generatorOptionsSchema = z
  .strictObject({
    rate: z.coerce.number().min(0).default(10),
    count: count.optional(),
    duration: z.coerce.number().positive().optional(),
    seed: z.coerce.number().int().min(0).max(0xffff_ffff).optional(),
    lateFraction: share.default(0),
    outOfOrderFraction: share.default(0),
    poisonFraction: share.default(0),
    topic: z.string().min(1).default('incidents'),
    partitions: count.default(3),
    quiet: z.boolean().default(false),
    help: z.boolean().default(false),
  })
  .refine((o) => o.lateFraction + o.outOfOrderFraction + o.poisonFraction <= 1, {
    message: 'late, out-of-order and poison fractions add up to more than 1',
  })

export type GeneratorCliOptions = z.infer<typeof generatorOptionsSchema>

const flags = [
  'rate',
  'count',
  'duration',
  'seed',
  'late-fraction',
  'out-of-order-fraction',
  'poison-fraction',
  'topic',
  'partitions',
] as const

const camel = (flag: string): string => flag.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())

/**
 * @example
 * parseGeneratorArgs(['--rate', '0', '--count', '1000'])
 */
export function parseGeneratorArgs(args: string[]): GeneratorCliOptions {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      ...Object.fromEntries(flags.map((f) => [f, { type: 'string' as const }])),
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const input = Object.fromEntries(Object.entries(values).map(([k, v]) => [camel(k), v]))
  const parsed = generatorOptionsSchema.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const path = issue?.path.join('.') ?? ''
    throw new Error(`invalid ${path ? `--${path.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` : 'options'}: ${issue?.message}`)
  }
  return parsed.data
}
