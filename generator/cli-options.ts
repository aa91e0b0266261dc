/**
 * Command-line options of `npm run generate`, parsed strictly (an unknown flag is an error) and
 * validated with zod, so a bad value is refused with its name before anything connects.
 */
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { scenarioDefinitions } from './scenarios/plan-scenario.ts'
import { scenarioKinds, type ScenarioTiming } from './scenarios/scenario-types.ts'

const kindList = scenarioKinds
  .map((kind) => `    ${kind.padEnd(26)} ${scenarioDefinitions[kind].summary}`)
  .join('\n')

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
  --partitions N          partitions when the topics are created (default 3)
  --quiet                 no progress line
  -h, --help              show this help

Scenarios (timed incident cascades of the original templates, mixed into the events above):
  --scenario KIND         inject scenarios of KIND, or random (a random kind each time):
${kindList}
  --scenario-every S      seconds between the starts of two scenarios; the first starts with
                          the first event (default 300)
  --scenario-timing T     scheduled: each scenario event is sent when the wall clock reaches its
                          event time; immediate: all of a scenario's events are sent as soon as
                          it starts, with their future event times (seconds to minutes ahead);
                          auto: scheduled with --rate > 0, immediate with --rate 0 (default auto)
  --service-map FILE      service dependency map (default config/service-dependencies.json)
  --scenarios-topic NAME  topic of the ground truth, JSON keyed by scenario id
                          (default incidents.scenarios)
  --ground-truth FILE     also append each ground-truth record to FILE as a JSON line
  The ground truth of a scenario is sent once its last event is sent, or at shutdown (marked
  truncated) with the events sent so far. Same --seed and options: same scenarios and event ids.

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
    scenario: z.enum([...scenarioKinds, 'random']).optional(),
    scenarioEvery: z.coerce.number().positive().default(300),
    scenarioTiming: z.enum(['auto', 'scheduled', 'immediate']).default('auto'),
    serviceMap: z.string().min(1).optional(),
    scenariosTopic: z.string().min(1).default('incidents.scenarios'),
    groundTruth: z.string().min(1).optional(),
    quiet: z.boolean().default(false),
    help: z.boolean().default(false),
  })
  .refine((o) => o.lateFraction + o.outOfOrderFraction + o.poisonFraction <= 1, {
    message: 'late, out-of-order and poison fractions add up to more than 1',
  })
  .refine((o) => o.scenario !== undefined || o.groundTruth === undefined, {
    message: 'needs --scenario',
    path: ['groundTruth'],
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
  'scenario',
  'scenario-every',
  'scenario-timing',
  'service-map',
  'scenarios-topic',
  'ground-truth',
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
    throw new Error(
      `invalid ${path ? `--${path.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` : 'options'}: ${issue?.message}`,
    )
  }
  return parsed.data
}

/**
 * The scenario timing a run uses: `auto` is scheduled when the run is throttled, immediate when it
 * is not (an unthrottled run would end long before a scenario's later events are due).
 *
 * @example
 * scenarioTiming({ scenarioTiming: 'auto', rate: 0 }) // 'immediate'
 */
export function scenarioTiming(
  options: Pick<GeneratorCliOptions, 'scenarioTiming' | 'rate'>,
): ScenarioTiming {
  if (options.scenarioTiming !== 'auto') return options.scenarioTiming
  return options.rate > 0 ? 'scheduled' : 'immediate'
}
