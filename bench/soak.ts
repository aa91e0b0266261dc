/**
 * `npm run soak -- [options]` (see --help): runs `npm run topology` against the generator's
 * steady load (with scenarios, as `make up` does) and samples the topology every interval: RSS,
 * anonymous memory, threads, CPU time, and the gauges of its metrics endpoint (V8 heap, external
 * memory, DuckDB memory, open windows, buffered rows). Then an idle phase without input. Prints
 * one line per sample while it runs, then a JSON report: the slopes per hour after the warm-up,
 * CPU under load and idle, and whether anything commits while idle. Loads target the local broker
 * only; the run is bounded by --minutes and --idle.
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
    idle: { type: 'string', default: '2' },
    formats: { type: 'string', default: 'parquet,csv' },
    help: { type: 'boolean', short: 'h' },
  },
})
if (values.help) {
  console.log(`Usage: npm run soak -- [--rate N] [--minutes M] [--interval S] [--warmup M] [--idle M] [--formats LIST]

Runs the topology for M minutes (default 60) against N generated events per second (default 20,
with a random scenario every 5 minutes) on the local broker, samples its memory every S seconds
(default 10) and prints the RSS slope per hour after a warm-up of M minutes (default 5).
Then it stops the load and samples for --idle minutes (default 2): CPU at idle, and whether
anything still commits with no input. --formats is passed to the topology (parquet,csv by
default; none runs it without files).`)
  process.exit(0)
}
const [rate, minutes, interval, warmup, idleMinutes] = [
  'rate',
  'minutes',
  'interval',
  'warmup',
  'idle',
].map((k) => {
  const n = Number(values[k as keyof typeof values])
  if (!(Number.isFinite(n) && n > 0)) throw new Error(`--${k} must be a positive number`)
  return n
}) as [number, number, number, number, number]

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
const line = (s: ProcessSample, phase: string): string =>
  [
    `${(s.at / 60).toFixed(1)} min ${phase}`,
    `rss ${s.rssMb.toFixed(0)} MB`,
    `anon ${s.anonMb.toFixed(0)} MB`,
    ...keep.map((k) => {
      const name = k.replace(/^\w+?_(nodejs_)?|_bytes$/g, '')
      return `${name} ${(s.metrics[k] ?? NaN).toFixed(0)} MB`
    }),
    `cpu ${s.cpuSeconds.toFixed(1)} s`,
    `threads ${s.threads}`,
  ].join(', ')

const started = performance.now()
const metricsUrl = `http://127.0.0.1:${port}/metrics`

/** Samples every interval until `untilMs` (or `done()`), printing each sample. */
async function sampleUntil(untilMs: number, phase: string, done = () => false) {
  const taken: ProcessSample[] = []
  while (performance.now() < untilMs && !done()) {
    await sleep(interval * 1000)
    const pid = topology.pid
    if (pid === undefined) continue
    const at = (performance.now() - started) / 1000
    const sample = await sampleProcess(pid, at, metricsUrl, prefix).catch(() => undefined)
    if (!sample) continue
    taken.push(sample)
    console.error(line(sample, phase))
  }
  return taken
}

/** Mean CPU use over `samples`, in percent of one core. */
const cpuPercent = (samples: readonly ProcessSample[]): number => {
  const [first, last] = [samples[0], samples.at(-1)]
  if (!first || !last || last.at === first.at) return NaN
  return Math.round(((last.cpuSeconds - first.cpuSeconds) / (last.at - first.at)) * 1000) / 10
}

const samples = await sampleUntil(
  started + minutes * 60_000,
  'load',
  () => generator.exitCode !== null,
)
generator.kill('SIGTERM')
// Idle: no input. The first 30 s let the last events commit; after that nothing should commit.
const idle = await sampleUntil(performance.now() + idleMinutes * 60_000, 'idle')
await topology.terminate()
const quiet = idle.filter((s) => s.at >= (idle[0]?.at ?? 0) + 30)
const lastCommit = (s: ProcessSample | undefined) =>
  s?.metrics.topology_last_commit_timestamp_seconds

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
      cpu_percent_of_core_under_load: cpuPercent(steady),
      cpu_percent_of_core_idle: cpuPercent(quiet),
      commits_while_idle: lastCommit(quiet[0]) !== lastCommit(quiet.at(-1)),
      work_dir: workDir,
    },
    null,
    2,
  ),
)
process.exit(0)
