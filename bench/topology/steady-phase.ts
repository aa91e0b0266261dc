/**
 * One steady phase of `npm run bench`: generated incidents at a fixed rate for some seconds, one
 * in ten timed from its production to its appearance in the committed Parquet files (freshness),
 * and the topology process's CPU use and RSS over the phase. A rate of 0 is the idle phase.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { DuckDBConnection } from '@duckdb/node-api'
import type { FastProducer } from '@incident-pipeline/dataflow/kafka'
import { waitFor } from '@incident-pipeline/dataflow/testing'
import { encodeItem, type ItemEncoders } from '../../generator/encode-item.ts'
import type { EventGenerator } from '../../generator/generate-events.ts'
import { procSample } from '../soak/process-sample.ts'

export interface SteadyPhaseOptions {
  producer: FastProducer
  encoders: ItemEncoders
  topic: string
  generator: EventGenerator
  /** The topology's data directory, whose incidents manifest lists the committed files. */
  dataDir: string
  db: DuckDBConnection
  pid: number
  rate: number
  seconds: number
}

export interface SteadyPhase {
  rate: number
  freshness_samples: number
  freshness_unseen: number
  freshness_p50_ms: number
  freshness_p99_ms: number
  cpu_percent_of_core: number
  rss_mb: number
}

const tick = 50

/** The nearest-rank percentile of sorted values, NaN when there are none. */
function percentileOf(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))
  return Math.round(sorted[index] ?? NaN)
}

/** Reads the committed files it has not read yet and times the sampled events found in them. */
function freshnessProbe(db: DuckDBConnection, dataDir: string) {
  const sent = new Map<string, number>()
  const seen: number[] = []
  const readFiles = new Set<string>()
  const manifestPath = join(dataDir, 'incidents', '_manifest.json')
  const poll = async (): Promise<void> => {
    let files: string[]
    try {
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
        files: { parquet: string[] }
      }
      files = manifest.files.parquet
    } catch {
      return
    }
    const fresh = files.filter((f) => !readFiles.has(f))
    fresh.forEach((f) => readFiles.add(f))
    if (fresh.length === 0 || sent.size === 0) return
    const list = fresh.map((f) => `'${join(dataDir, 'incidents', f)}'`).join(',')
    const rows = await db.runAndReadAll(`SELECT event_id FROM read_parquet([${list}])`)
    const now = performance.now()
    for (const { event_id } of rows.getRowObjectsJS()) {
      const at = sent.get(String(event_id))
      if (at === undefined) continue
      seen.push(now - at)
      sent.delete(String(event_id))
    }
  }
  return { sent, seen, poll }
}

/** Runs one phase and reports it; the files committed before it are not timed. */
export async function steadyPhase(o: SteadyPhaseOptions): Promise<SteadyPhase> {
  const probe = freshnessProbe(o.db, o.dataDir)
  await probe.poll()
  const [{ cpuSeconds: startCpu }, start] = [await procSample(o.pid), performance.now()]
  const end = start + o.seconds * 1000
  let [due, produced] = [0, 0]
  while (performance.now() < end) {
    const tickStart = performance.now()
    due += (o.rate * tick) / 1000
    for (; due >= 1; due--) {
      const item = o.generator.next()
      const m = encodeItem(item, o.encoders)
      while (!o.producer.tryProduce(o.topic, m.key, m.value)) await o.producer.drain()
      if (produced++ % 10 === 0 && item.kind !== 'poison') {
        probe.sent.set(item.eventId, performance.now())
      }
    }
    await probe.poll()
    await new Promise((r) => setTimeout(r, Math.max(0, tick - (performance.now() - tickStart))))
  }
  const { cpuSeconds, rssMb } = await procSample(o.pid)
  const cpu = (cpuSeconds - startCpu) / ((performance.now() - start) / 1000)
  await waitFor(async () => (await probe.poll(), probe.sent.size === 0), {
    timeoutMs: 30_000,
    intervalMs: 25,
    what: 'the sampled events to be visible',
  }).catch(() => undefined)
  const seen = probe.seen.sort((a, b) => a - b)
  return {
    rate: o.rate,
    freshness_samples: seen.length,
    freshness_unseen: probe.sent.size,
    freshness_p50_ms: percentileOf(seen, 0.5),
    freshness_p99_ms: percentileOf(seen, 0.99),
    cpu_percent_of_core: Math.round(cpu * 1000) / 10,
    rss_mb: Math.round(rssMb),
  }
}
