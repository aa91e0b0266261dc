/**
 * The chaos test's input: a seeded run of generated incidents with poison, late and out-of-order
 * events, produced to the raw topic, and the ground truth the verifier checks against. A warm-up
 * without late events comes first, so that "late" means the same thing on every run.
 */
import avro from 'avsc'
import type { FastProducer } from '@incident-pipeline/dataflow/kafka'
import type { Serde } from '@incident-pipeline/dataflow/avro'
import { encodeItem, type ItemEncoders } from '../generator/encode-item.ts'
import { createEventGenerator, type GeneratedItem } from '../generator/generate-events.ts'
import { foreignRecordSchema } from '../generator/poison.ts'
import { loadSchema } from '../schemas/catalog.ts'

export interface ChaosTruth {
  /** Every event that must reach the enriched topic and the files (valid and late). */
  enriched: Set<string>
  late: Set<string>
  poisonByReason: Record<string, number>
  /** Raw events of the enriched set, for the batch recomputation. */
  items: GeneratedItem[]
}

export interface ChaosInputOptions {
  seed: number
  events: number
  warmup: number
  startTime: number
}

const generatorOptions = (o: ChaosInputOptions, late: boolean) => ({
  seed: o.seed,
  startTime: o.startTime,
  eventsPerSecond: 20,
  lateFraction: late ? 0.01 : 0,
  outOfOrderFraction: 0.05,
  maxOutOfOrderMs: 30_000,
  poisonFraction: 0.005,
})

export async function chaosEncoders(serde: Serde, topic: string): Promise<ItemEncoders> {
  return {
    event: await serde.encoder(`${topic}-value`, loadSchema('incident-log-event')),
    foreign: await serde.encoder(
      `${topic}.poison-value`,
      avro.Type.forSchema(foreignRecordSchema as unknown as avro.Schema),
    ),
  }
}

/** Generates the run's items (pure) and its ground truth. */
export function chaosItems(o: ChaosInputOptions): { items: GeneratedItem[]; truth: ChaosTruth } {
  const warm = createEventGenerator(generatorOptions(o, false)).take(o.warmup)
  const main = createEventGenerator({ ...generatorOptions(o, true), startIndex: o.warmup }).take(
    o.events - o.warmup,
  )
  const items = [...warm, ...main]
  const truth: ChaosTruth = { enriched: new Set(), late: new Set(), poisonByReason: {}, items: [] }
  for (const item of items) {
    if (item.kind === 'poison') {
      truth.poisonByReason[item.poison] = (truth.poisonByReason[item.poison] ?? 0) + 1
      continue
    }
    truth.enriched.add(item.eventId)
    truth.items.push(item)
    if (item.kind === 'late') truth.late.add(item.eventId)
  }
  return { items, truth }
}

/** Produces items in slices, pausing between slices so faults land mid-stream. */
export async function produceItems(
  producer: FastProducer,
  topic: string,
  items: readonly GeneratedItem[],
  encoders: ItemEncoders,
  { slice = 5_000, pauseMs = 200 } = {},
): Promise<void> {
  for (let i = 0; i < items.length; i += slice) {
    for (const item of items.slice(i, i + slice)) {
      const m = encodeItem(item, encoders)
      while (!producer.tryProduce(topic, m.key, m.value)) await producer.drain()
    }
    await new Promise((resolve) => setTimeout(resolve, pauseMs))
  }
  await producer.flush(120_000)
}
