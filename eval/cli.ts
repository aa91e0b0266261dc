/**
 * Evaluation of root-cause analysis on seeded scenarios: N scenarios of each kind, with the real
 * generator's background noise, through the real pipeline (by default the broker, the schema
 * registry and the topology as a child process; `--pipeline direct` applies its transforms
 * in-process instead), then analysed by the real dashboard app in-process. The offline analyzer
 * always runs; Gemini too when GEMINI_API_KEY is set. The alerts the pipeline raised are scored
 * too: false alerts per hour per rule, and detection latency per kind. Runs once per background
 * rate (`--noise-rates`, same seed), prints the tables of each rate as it finishes and writes one
 * JSON report with an entry per rate (bench/results/, git-ignored). Run:
 * `node eval/cli.ts --help`.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname } from 'node:path'
import { parseArgs } from 'node:util'
import { getHeapStatistics } from 'node:v8'
import { connectionFromEnv } from '@incident-pipeline/dataflow/kafka'
import {
  createAnalyzerFromEnv,
  createOfflineAnalyzer,
  type Analyzer,
} from '../dashboard/analysis/index.ts'
import { scenarioKinds, type ScenarioKind } from '../generator/scenarios/scenario-types.ts'
import { loadServiceMap } from '../config/service-map-file.ts'
import { renderRun } from './render-run.ts'
import { alertPadMs, evalPaths, runEval, type EvalPath } from './run-eval.ts'
import { summarize } from './summarize.ts'

const usage = `Usage: node eval/cli.ts [options]

Scores the root-cause analyzers on N seeded scenarios of each kind, sent through the pipeline,
and the alerts the pipeline raised on them, once per background rate (same seed each time).

Options:
  --pipeline PATH    kafka (default): Avro-encode with the schema registry, produce to a fresh
                     run-prefixed topic set, run the topology (npm run topology) as a child
                     process and analyse the files of its exactly-once sink; direct: parse and
                     enrich in-process and write the files with the fixture writer, and the
                     topology's alert rules on the in-memory runner for the alerts (no broker)
  --per-kind N       scenarios of each kind, one an hour of event time (default 20)
  --noise-rates LIST comma-separated background rates in events per second of event time, one
                     run and one set of tables each, e.g. 0.05,1,5,20 (each in (0, 20])
  --noise-rate R     a single background rate, the same as --noise-rates R (default 0.05)
  --seed S           seed of the first kind; the i-th of ${scenarioKinds.length} kinds uses S + i (default 7)
  --kinds LIST       comma-separated kinds (default ${scenarioKinds.join(',')})
  --out FILE         JSON report (default bench/results/analysis-eval.json)
  --work-dir DIR     parent of the run's directory: data, topology log (default ${tmpdir()})
  --keep             keep the run's directory and topics (kept anyway when the run fails)
  -h, --help         show this help

Printed per rate: the analysis per analyzer and kind (top-1/top-3 root service, root category,
cited evidence in the scenario); false alerts per rule, i.e. alerts whose window overlaps no
scenario padded by ${alertPadMs / 60_000} minutes on each side and whose samples hold no scenario event, per
hour of background-only event time; and per kind the median and max detection latency, from a
scenario's first WARNING or ERROR event to the fired_at of the first alert overlapping it on
one of its services (or sampling one of its events), with the scenarios no alert caught; and
the same detection for each rule alone. An alert is a fired record: an anomaly alert's updated
records still detect a scenario, its resolved ones do not.

Memory: a run holds its whole input, about 2.5 GB of heap per million events, and refuses to
start when a rate needs more heap than node has. All five kinds at 20 events/s are 7.5 million:
run the kinds one at a time there (--kinds, each the same input as in a full run) with
node --max-old-space-size=12288.

Environment: KAFKA_BROKERS, SCHEMA_REGISTRY_URL (default the local broker and registry);
GEMINI_API_KEY adds the Gemini analyzer to the offline one.`

const { values } = parseArgs({
  options: {
    pipeline: { type: 'string', default: 'kafka' },
    'per-kind': { type: 'string', default: '20' },
    'noise-rates': { type: 'string' },
    'noise-rate': { type: 'string' },
    seed: { type: 'string', default: '7' },
    kinds: { type: 'string', default: scenarioKinds.join(',') },
    out: { type: 'string', default: 'bench/results/analysis-eval.json' },
    'work-dir': { type: 'string', default: tmpdir() },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
})
if (values.help) {
  console.log(usage)
  process.exit(0)
}
const pipeline = values.pipeline as EvalPath
if (!evalPaths.includes(pipeline)) throw new Error(`invalid --pipeline: ${values.pipeline}`)
const perKind = Number(values['per-kind'])
const seed = Number(values.seed)
if (!(Number.isInteger(perKind) && perKind >= 1 && perKind <= 500)) {
  throw new Error(`invalid --per-kind: ${values['per-kind']}`)
}
if (values['noise-rates'] !== undefined && values['noise-rate'] !== undefined) {
  throw new Error('give either --noise-rates or --noise-rate, not both')
}
const noiseRates = (values['noise-rates'] ?? values['noise-rate'] ?? '0.05').split(',').map((r) => {
  const rate = Number(r)
  if (!(r.trim() !== '' && rate > 0 && rate <= 20)) throw new Error(`invalid noise rate: ${r}`)
  return rate
})
if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffff_ffff)) {
  throw new Error(`invalid --seed: ${values.seed}`)
}
const kinds = values.kinds.split(',') as ScenarioKind[]
for (const k of kinds) if (!scenarioKinds.includes(k)) throw new Error(`invalid kind: ${k}`)

// A run holds its whole input (see Memory in the usage): refuse up front what cannot fit, rather
// than fail minutes later with the heap exhausted.
const bytesPerEvent = 2_500
const heapLimit = getHeapStatistics().heap_size_limit
for (const rate of noiseRates) {
  const events = kinds.length * (perKind + 1) * 3_600 * rate
  if (events * bytesPerEvent > heapLimit) {
    const needMb = Math.ceil((events * bytesPerEvent) / 2 ** 20 / 1024) * 1024
    console.error(
      `analysis-eval: ${Math.round(events / 1e6)} million events at ${rate}/s need about ` +
        `${needMb} MB of heap, more than the ${Math.round(heapLimit / 2 ** 20)} MB this node has. ` +
        `Run fewer kinds at a time (--kinds) or give node --max-old-space-size=${needMb}.`,
    )
    process.exit(2)
  }
}

const started = performance.now()
const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(1)}s`
const map = loadServiceMap()
const analyzers: Analyzer[] = [createOfflineAnalyzer({ map })]
if (process.env.GEMINI_API_KEY) analyzers.push(createAnalyzerFromEnv(process.env))

const runs: object[] = []
for (const [i, noiseRate] of noiseRates.entries()) {
  const tag = noiseRates.length > 1 ? ` rate ${i + 1}/${noiseRates.length}: ${noiseRate}/s` : ''
  const runStarted = performance.now()
  const report = await runEval({
    pipeline,
    seed,
    perKind,
    noiseRate,
    kinds,
    map,
    analyzers,
    connection: { ...connectionFromEnv(), clientId: 'analysis-eval' },
    workDir: values['work-dir'],
    keep: values.keep,
    progress: (message) => console.error(`[analysis-eval ${elapsed()}${tag}] ${message}`),
  })
  const summary = summarize(report.cases, kinds)
  const seconds = Math.round((performance.now() - runStarted) / 100) / 10
  const { cases, alerts, ...run } = report
  if (i > 0) console.log('')
  console.log(renderRun({ ...report, perKind, seed, noiseRate, seconds, summary }))
  if (report.dir) console.log(`kept ${report.dir}`)
  runs.push({ noiseRate, ...run, summary, alerts, cases })
  // Written after every rate, so that the rates done survive a failure of a later one.
  await mkdir(dirname(values.out), { recursive: true })
  const json = { pipeline, perKind, seed, kinds, alertPadMs, noiseRates, runs }
  await writeFile(values.out, JSON.stringify(json, null, 2) + '\n')
}
console.log(`\nwrote ${values.out} (${elapsed()})`)
