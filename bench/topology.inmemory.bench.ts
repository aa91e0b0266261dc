/**
 * Throughput of the full incident topology on the in-memory runner, against a baseline of the
 * same events through only its stateless steps (validate, parse, enrich), in the same run. Events
 * come from the generator (seeded, 5% out of order, 0.1% late, 1% bad timestamps), are built
 * before timing, and are fed in batches of 10 000, one commit each (at these rates, more often than the Kafka runner's 100 ms commits).
 * Bounded: a fixed number of events and runs. Prints one JSON object.
 *
 *   node bench/topology.inmemory.bench.ts [events=200000] [runs=3]
 */
import {
  inMemoryRunner,
  pipeline,
  type FeedRecord,
  type Pipeline,
} from '@incident-pipeline/dataflow'
import { createEventGenerator } from '../generator/generate-events.ts'
import { incidentTopology } from '../topology/incident-topology.ts'
import {
  assignEventTime,
  enrichIncident,
  parseIncident,
  type RawIncidentEvent,
} from '../transforms/index.ts'

const events = Number(process.argv[2] ?? 200_000)
const runs = Number(process.argv[3] ?? 3)
const batchSize = 10_000
const partitions = 3

function statelessOnly(): Pipeline {
  const p = pipeline()
  const validated = p.source<RawIncidentEvent>('raw').parDo('validate', assignEventTime())
  validated.dead_letter.output('dead_letter')
  validated.main
    .map('parse', (event, ctx) => parseIncident(event, ctx.timestamp))
    .map('enrich', (parsed, ctx) =>
      enrichIncident(parsed, { partition: ctx.partition, offset: ctx.offset }),
    )
    .output('enriched')
  return p.build()
}

function input(): FeedRecord<RawIncidentEvent>[][] {
  const generator = createEventGenerator({
    seed: 42,
    eventsPerSecond: 20,
    outOfOrderFraction: 0.05,
    lateFraction: 0.001,
    poisonFraction: 0.01,
    poisonKinds: ['bad_timestamp'],
  })
  const batches: FeedRecord<RawIncidentEvent>[][] = []
  for (let i = 0; i < events; i += batchSize) {
    const batch: FeedRecord<RawIncidentEvent>[] = []
    for (const item of generator.take(Math.min(batchSize, events - i))) {
      if (!('event' in item)) throw new Error(`unexpected poison: ${item.kind}`)
      batch.push({
        partition: item.index % partitions,
        timestamp: item.nominalTime,
        value: item.event,
      })
    }
    batches.push(batch)
  }
  return batches
}

async function measure(
  built: Pipeline,
  batches: FeedRecord<RawIncidentEvent>[][],
): Promise<number> {
  const runner = inMemoryRunner(built, { partitions: { raw: partitions }, retainOutputs: false })
  const started = process.hrtime.bigint()
  for (const batch of batches) await runner.feed('raw', batch)
  await runner.drain()
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const fed = batches.reduce((sum, batch) => sum + batch.length, 0)
  const enriched = (await runner.metrics()).find((m) => m.step === 'output:enriched')?.in ?? 0
  if (enriched < fed * 0.9) throw new Error(`only ${enriched} of ${fed} events enriched`)
  return fed / seconds
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

const batches = input()
const baselinePipeline = statelessOnly()
const fullPipeline = incidentTopology()
await measure(baselinePipeline, batches.slice(0, 20))
await measure(fullPipeline, batches.slice(0, 20))
const baseline: number[] = []
const full: number[] = []
for (let run = 0; run < runs; run++) {
  baseline.push(await measure(baselinePipeline, batches))
  full.push(await measure(fullPipeline, batches))
}
const round = (n: number): number => Math.round(n)
console.log(
  JSON.stringify(
    {
      bench: 'topology.inmemory',
      node: process.version,
      events,
      runs,
      batch_size: batchSize,
      partitions,
      baseline_stateless_events_per_s: round(median(baseline)),
      full_topology_events_per_s: round(median(full)),
      full_to_baseline_ratio: Number((median(full) / median(baseline)).toFixed(3)),
      samples: { baseline: baseline.map(round), full: full.map(round) },
    },
    null,
    2,
  ),
)
