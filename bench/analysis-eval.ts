/**
 * Evaluation of root-cause analysis on seeded scenarios: N scenarios of each kind, with the real
 * generator's background noise, through the real pipeline (by default the broker, the schema
 * registry and the topology as a child process; `--pipeline direct` applies its transforms
 * in-process instead), then analysed by the real dashboard app in-process. The offline analyzer
 * always runs; Gemini too when GEMINI_API_KEY is set. Prints a table per kind and writes JSON
 * (bench/results/, git-ignored). Run: `node bench/analysis-eval.ts --help`.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname } from 'node:path'
import { parseArgs } from 'node:util'
import {
  createAnalyzerFromEnv,
  createOfflineAnalyzer,
  type Analyzer,
} from '../dashboard/analysis/index.ts'
import { textTable } from '../dashboard/text-table.ts'
import { scenarioKinds, type ScenarioKind } from '../generator/scenarios/scenario-types.ts'
import { connectionFromEnv } from '../pipeline/kafka/config.ts'
import { loadServiceMap } from '../transforms/service-map.ts'
import { evalPaths, runEval, type EvalPath } from './analysis-eval/run-eval.ts'
import { summarize } from './analysis-eval/summarize.ts'

const usage = `Usage: node bench/analysis-eval.ts [options]

Scores the root-cause analyzers on N seeded scenarios of each kind, sent through the pipeline.

Options:
  --pipeline PATH    kafka (default): Avro-encode with the schema registry, produce to a fresh
                     run-prefixed topic set, run the topology (npm run topology) as a child
                     process and analyse the files of its exactly-once sink; direct: parse and
                     enrich in-process and write the files with the fixture writer (no broker)
  --per-kind N       scenarios of each kind, one an hour of event time (default 20)
  --noise-rate R     background events per second of event time (default 0.05)
  --seed S           seed of the first kind; the i-th of ${scenarioKinds.length} kinds uses S + i (default 7)
  --kinds LIST       comma-separated kinds (default ${scenarioKinds.join(',')})
  --out FILE         JSON report (default bench/results/analysis-eval.json)
  --work-dir DIR     parent of the run's directory: data, topology log (default ${tmpdir()})
  --keep             keep the run's directory and topics (kept anyway when the run fails)
  -h, --help         show this help

Environment: KAFKA_BROKERS, SCHEMA_REGISTRY_URL (default the local broker and registry);
GEMINI_API_KEY adds the Gemini analyzer to the offline one.`

const { values } = parseArgs({
  options: {
    pipeline: { type: 'string', default: 'kafka' },
    'per-kind': { type: 'string', default: '20' },
    'noise-rate': { type: 'string', default: '0.05' },
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
const noiseRate = Number(values['noise-rate'])
const seed = Number(values.seed)
if (!(Number.isInteger(perKind) && perKind >= 1 && perKind <= 500)) {
  throw new Error(`invalid --per-kind: ${values['per-kind']}`)
}
if (!(noiseRate > 0 && noiseRate <= 20)) throw new Error(`invalid --noise-rate: ${noiseRate}`)
if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffff_ffff)) {
  throw new Error(`invalid --seed: ${values.seed}`)
}
const kinds = values.kinds.split(',') as ScenarioKind[]
for (const k of kinds) if (!scenarioKinds.includes(k)) throw new Error(`invalid kind: ${k}`)

const started = performance.now()
const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(1)}s`
const map = loadServiceMap()
const analyzers: Analyzer[] = [createOfflineAnalyzer({ map })]
if (process.env.GEMINI_API_KEY) analyzers.push(createAnalyzerFromEnv(process.env))

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
  progress: (message) => console.error(`[analysis-eval ${elapsed()}] ${message}`),
})
const summary = summarize(report.cases, kinds)
const { cases, ...run } = report
console.log(
  `analysis eval (pipeline: ${pipeline}): ${perKind} scenarios per kind, seed ${seed}, ` +
    `background noise ${noiseRate} events/s, ${report.events} events, ${elapsed()}\n`,
)
console.log(
  textTable(
    Object.keys(summary[0] ?? {}),
    summary.map((s) => Object.values(s)),
  ),
)
await mkdir(dirname(values.out), { recursive: true })
await writeFile(
  values.out,
  JSON.stringify({ perKind, seed, noiseRate, ...run, summary, cases }, null, 2) + '\n',
)
console.log(`\nwrote ${values.out}${report.dir ? `; kept ${report.dir}` : ''}`)
