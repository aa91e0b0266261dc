/**
 * `npm run soak -- [--rate N] [--minutes M] [--interval S] [--warmup M] [--formats LIST]`: runs
 * `npm run topology` against the generator's steady load (with scenarios, as `make up` does) and
 * samples the topology's memory every interval: RSS, anonymous memory, threads, and the gauges of
 * its metrics endpoint (V8 heap, external memory, the engine's and the sink's own structures).
 * Prints one line per sample while it runs, then a JSON report with the RSS slope per hour after
 * the warm-up. Loads target the local broker only; the run is bounded by --minutes.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'
import { startTopology } from '../testing/topology-process.ts'
import { sampleProcess, type ProcessSample } from './soak/process-sample.ts'
import { afterWarmup, slopePerHour } from './soak/slope.ts'

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '20' },
    minutes: { type: 'string', default: '60' },
    interval: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '5' },
    formats: { type: 'string', default: 'parquet,csv' },
    help: { type: 'boolean', short: 'h' },
  },
})
if (values.help) {
  console.log(`Usage: npm run soak -- [--rate N] [--minutes M] [--interval S] [--warmup M] [--formats LIST]

Runs the topology for M minutes (default 60) against N generated events per second (default 20,
with a random scenario every 5 minutes) on the local broker, samples its memory every S seconds
(default 10) and prints the RSS slope per hour after a warm-up of M minutes (default 5).
--formats is passed to the topology (parquet,csv by default; none runs it without files).`)
  process.exit(0)
}
const [rate, minutes, interval, warmup] = ['rate', 'minutes', 'interval', 'warmup'].map((k) => {
  const n = Number(values[k as keyof typeof values])
  if (!(Number.isFinite(n) && n > 0)) throw new Error(`--${k} must be a positive number`)
  return n
}) as [number, number, number, number]

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  if (address === null || typeof address === 'string') throw new Error('no free port')
  return address.port
}

const run = `soak-${Date.now().toString(36)}`
const workDir = mkdtempSync(join(tmpdir(), `${run}-`))
const port = await freePort()
const prefix = 'incident_'
const topology = startTopology(
  [
    ...['--topic-prefix', `${run}.`, '--group', run, '--data-dir', join(workDir, 'data')],
    ...['--formats', values.formats, '--metrics-port', String(port)],
  ],
  join(workDir, 'topology.log'),
)
const generator = spawn(
  process.execPath,
  [
    ...['generator/cli.ts', '--rate', String(rate), '--scenario', 'random', '--quiet'],
    ...['--topic', `${run}.incidents`, '--duration', String(minutes * 60)],
  ],
  { stdio: ['ignore', 'ignore', 'inherit'] },
)
console.error(`soak ${run}: ${rate} events/s for ${minutes} min, files in ${workDir}`)

const keep = [
  'topology_nodejs_heap_size_used_bytes',
  'topology_nodejs_external_memory_bytes',
  'sink_duckdb_memory_bytes',
]
const line = (s: ProcessSample): string =>
  [
    `${(s.at / 60).toFixed(1)} min`,
    `rss ${s.rssMb.toFixed(0)} MB`,
    `anon ${s.anonMb.toFixed(0)} MB`,
    ...keep.map(
      (k) => `${k.replace(/^nodejs_|_bytes$/g, '')} ${(s.metrics[k] ?? NaN).toFixed(0)} MB`,
    ),
    `threads ${s.threads}`,
  ].join(', ')

const samples: ProcessSample[] = []
const started = performance.now()
const end = started + minutes * 60_000
while (performance.now() < end && generator.exitCode === null) {
  await sleep(interval * 1000)
  const pid = topology.pid
  if (pid === undefined) continue
  const sample = await sampleProcess(
    pid,
    (performance.now() - started) / 1000,
    `http://127.0.0.1:${port}/metrics`,
    prefix,
  ).catch(() => undefined)
  if (!sample) continue
  samples.push(sample)
  console.error(line(sample))
}
generator.kill('SIGTERM')
await topology.terminate()

const steady = afterWarmup(
  samples.map((s) => ({ ...s, x: s.at })),
  warmup * 60,
)
const slope = (y: (s: ProcessSample) => number | undefined) =>
  Math.round(slopePerHour(steady.map((s) => ({ x: s.x, y: y(s) ?? NaN }))) * 10) / 10
// The gauges a leak shows in: memory, and the sizes of the engine's and the sink's structures.
const gauges = Object.keys(samples.at(-1)?.metrics ?? {}).filter((k) =>
  /memory_bytes$|heap_size_used_bytes$|open_windows$|buffered_rows$|sink_files$|_state_/.test(k),
)
console.log(
  JSON.stringify(
    {
      bench: 'soak',
      events_per_sec: rate,
      minutes,
      warmup_minutes: warmup,
      formats: values.formats,
      samples: samples.length,
      restarts: topology.restarts,
      rss_first_mb: Math.round(steady[0]?.rssMb ?? NaN),
      rss_last_mb: Math.round(samples.at(-1)?.rssMb ?? NaN),
      rss_peak_mb: Math.round(Math.max(...samples.map((s) => s.rssMb))),
      rss_slope_mb_per_hour: slope((s) => s.rssMb),
      anon_slope_mb_per_hour: slope((s) => s.anonMb),
      gauge_slopes_per_hour: Object.fromEntries(gauges.map((k) => [k, slope((s) => s.metrics[k])])),
      work_dir: workDir,
    },
    null,
    2,
  ),
)
process.exit(0)
