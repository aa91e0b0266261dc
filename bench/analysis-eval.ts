/**
 * Evaluation of root-cause analysis on seeded scenarios. For each scenario kind it runs N
 * scenarios (default 20) through the path that matters for analysis: the real generator (its
 * background noise with the scenario injector on a synthetic clock), the topology's parse and
 * enrich transforms, committed Parquet files in the sink's layout (the fixture writer), and the
 * real dashboard app in-process, where it calls `POST /api/incidents/:id/analysis` for each
 * scenario's most visible incident: its first critical incident, or its first Critical-severity
 * one. The offline analyzer always runs; Gemini too when GEMINI_API_KEY is set. Scores: top-1 and
 * top-3 root-service accuracy, top-1 root category, and the share of cited evidence ids that
 * belong to the scenario. Prints a table per kind and writes JSON (bench/results/, git-ignored).
 * Run: `node bench/analysis-eval.ts [--per-kind 20] [--noise-rate 0.05] [--seed 7]`.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import {
  createAnalyzerFromEnv,
  createOfflineAnalyzer,
  type Analyzer,
} from '../dashboard/analysis/index.ts'
import type { AnalysisResult } from '../dashboard/analysis/index.ts'
import { createApp } from '../dashboard/api/create-app.ts'
import { resolveConfig } from '../dashboard/config.ts'
import { openDashboardDb } from '../dashboard/db/dashboard-db.ts'
import { tableColumns } from '../dashboard/db/table-columns.ts'
import { type FixtureIncident, writeFixtures } from '../dashboard/fixtures/write-fixtures.ts'
import { silentLogger } from '../dashboard/logger.ts'
import { downPipeline } from '../dashboard/test-support.ts'
import { textTable } from '../dashboard/text-table.ts'
import { createEventGenerator } from '../generator/generate-events.ts'
import { createScenarioInjector } from '../generator/scenario-injector.ts'
import type { ScenarioPlan } from '../generator/scenarios/plan-scenario.ts'
import { scenarioKinds, type ScenarioKind } from '../generator/scenarios/scenario-types.ts'
import { enrichIncident } from '../transforms/enrich-incident.ts'
import { parseIncident } from '../transforms/parse-incident.ts'
import { loadServiceMap } from '../transforms/service-map.ts'

const { values } = parseArgs({
  options: {
    'per-kind': { type: 'string', default: '20' },
    'noise-rate': { type: 'string', default: '0.05' },
    seed: { type: 'string', default: '7' },
    kinds: { type: 'string', default: scenarioKinds.join(',') },
    out: { type: 'string', default: 'bench/results/analysis-eval.json' },
  },
})
const perKind = Number(values['per-kind'])
const noiseRate = Number(values['noise-rate'])
const seed = Number(values.seed)
if (!(Number.isInteger(perKind) && perKind >= 1 && perKind <= 500)) {
  throw new Error(`invalid --per-kind: ${values['per-kind']}`)
}
if (!(noiseRate > 0 && noiseRate <= 20)) throw new Error(`invalid --noise-rate: ${noiseRate}`)
const kinds = values.kinds.split(',') as ScenarioKind[]
for (const k of kinds) if (!scenarioKinds.includes(k)) throw new Error(`invalid kind: ${k}`)

const hour = 3_600_000
const t0 = Date.UTC(2026, 10, 1)
const map = loadServiceMap()
const columns = new Set(tableColumns('incidents').map((c) => c.name))

interface Case {
  scenario: string
  analyzer: string
  primary: string
  rootService: string
  predicted: string[]
  top1: boolean
  top3: boolean
  category: boolean
  cited: number
  citedInScenario: number
  ms: number
}

/** Background noise plus one scenario an hour, through parse and enrich, as table rows. */
function generate(kind: ScenarioKind): { rows: FixtureIncident[]; plans: ScenarioPlan[] } {
  const plans: ScenarioPlan[] = []
  const injector = createScenarioInjector(
    createEventGenerator({ seed, startTime: t0, eventsPerSecond: noiseRate }),
    {
      seed,
      kind,
      map,
      everyMs: hour,
      firstStartTime: t0 + hour / 2,
      timing: 'immediate',
      onStart: (p) => plans.push(p),
    },
  )
  const rows: FixtureIncident[] = []
  const end = t0 + (perKind + 1) * hour
  for (let offset = 0; ; offset++) {
    const item = injector.next()
    if (item.kind === 'poison') continue
    if (item.nominalTime > end) break
    const enriched = enrichIncident(parseIncident(item.event, item.eventTime), {
      partition: offset % 3,
      offset,
    })
    const row = Object.fromEntries(Object.entries(enriched).filter(([k]) => columns.has(k)))
    rows.push(row as FixtureIncident)
  }
  return { rows, plans: plans.slice(0, perKind) }
}

/** The scenario's most visible incident: its first critical incident, or first Critical one. */
function primaryOf(plan: ScenarioPlan): string {
  const pick =
    plan.events.find((e) => e.action === 'critical_incident') ??
    plan.events.find((e) => e.fields.severity === 'Critical') ??
    plan.events.at(-1)
  if (!pick) throw new Error(`scenario ${plan.id} has no events`)
  return pick.eventId
}

async function runKind(kind: ScenarioKind, analyzers: Analyzer[]): Promise<Case[]> {
  const dataDir = join(tmpdir(), `analysis-eval-${kind}-${process.pid}`)
  await rm(dataDir, { recursive: true, force: true })
  await mkdir(dataDir, { recursive: true })
  const { rows, plans } = generate(kind)
  await writeFixtures({
    dataDir,
    incidents: 0,
    extraIncidents: rows,
    uncommitted: false,
    formats: ['parquet'],
  })
  const config = resolveConfig({ dataDir, logLevel: 'silent' })
  const db = await openDashboardDb({
    dataDir,
    memoryLimit: config.sql.memoryLimit,
    threads: config.sql.threads,
    poolSize: config.sql.poolSize,
    maxQueue: config.sql.maxQueue,
    limits: { timeoutMs: config.sql.timeoutMs, maxRows: config.sql.maxRows },
    logger: silentLogger,
  })
  const cases: Case[] = []
  try {
    for (const analyzer of analyzers) {
      const { app, hub } = createApp({
        config,
        db,
        logger: silentLogger,
        pipeline: { read: async () => downPipeline },
        analyzer,
        serviceMap: map,
      })
      for (const plan of plans) {
        const primary = primaryOf(plan)
        const started = performance.now()
        const res = await app.request(`/api/incidents/${primary}/analysis`, {
          method: 'POST',
          headers: { accept: 'application/json', 'content-type': 'application/json' },
        })
        if (res.status !== 200)
          throw new Error(`${plan.id}: analysis answered ${res.status}: ${await res.text()}`)
        const result = (await res.json()) as AnalysisResult
        const ids = new Set(plan.truth.event_ids)
        const hypotheses = result.root_cause_hypotheses
        const predicted = hypotheses.map((h) => h.service ?? '?')
        const cited = [...new Set(hypotheses.flatMap((h) => h.supporting_event_ids))]
        cases.push({
          scenario: plan.id,
          analyzer: `${result.source}:${result.model}`,
          primary,
          rootService: plan.truth.root_service,
          predicted: predicted.slice(0, 3),
          top1: predicted[0] === plan.truth.root_service,
          top3: predicted.slice(0, 3).includes(plan.truth.root_service),
          category: hypotheses[0]?.category === plan.truth.root_category,
          cited: cited.length,
          citedInScenario: cited.filter((id) => ids.has(id)).length,
          ms: Math.round(performance.now() - started),
        })
      }
      hub.closeAll()
    }
  } finally {
    db.close()
    await rm(dataDir, { recursive: true, force: true })
  }
  return cases
}

const pct = (n: number, d: number) => (d === 0 ? '—' : `${Math.round((1000 * n) / d) / 10}%`)

const analyzers: Analyzer[] = [createOfflineAnalyzer({ map })]
if (process.env.GEMINI_API_KEY) analyzers.push(createAnalyzerFromEnv(process.env))

const all: (Case & { kind: ScenarioKind })[] = []
for (const kind of kinds) {
  for (const c of await runKind(kind, analyzers)) all.push({ ...c, kind })
}
const summary = [...new Set(all.map((c) => c.analyzer))].flatMap((analyzer) =>
  [...kinds, 'all' as const].map((kind) => {
    const cs = all.filter((c) => c.analyzer === analyzer && (kind === 'all' || c.kind === kind))
    const count = (f: (c: Case) => boolean) => cs.filter(f).length
    const cited = cs.reduce((n, c) => n + c.cited, 0)
    const inScenario = cs.reduce((n, c) => n + c.citedInScenario, 0)
    return {
      analyzer,
      kind,
      scenarios: cs.length,
      top1: pct(
        count((c) => c.top1),
        cs.length,
      ),
      top3: pct(
        count((c) => c.top3),
        cs.length,
      ),
      category: pct(
        count((c) => c.category),
        cs.length,
      ),
      evidence_in_scenario: pct(inScenario, cited),
      median_ms: [...cs.map((c) => c.ms)].sort((a, b) => a - b)[Math.floor(cs.length / 2)] ?? 0,
    }
  }),
)
console.log(
  `analysis eval: ${perKind} scenarios per kind, seed ${seed}, background noise ${noiseRate} events/s\n`,
)
const head = Object.keys(summary[0] ?? {})
console.log(
  textTable(
    head,
    summary.map((s) => Object.values(s)),
  ),
)
await mkdir(dirname(values.out), { recursive: true })
await writeFile(
  values.out,
  JSON.stringify({ perKind, seed, noiseRate, summary, cases: all }, null, 2) + '\n',
)
console.log(`\nwrote ${values.out}`)
