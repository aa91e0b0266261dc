/**
 * One run of the analysis evaluation: generate the input, turn it into committed incident files
 * along the chosen path (`kafka`: the real pipeline on the broker; `direct`: the topology's
 * transforms in-process, for quick iteration), check that the files hold exactly the events sent,
 * score the analyzers on them, and score the alerts the pipeline raised. It works in a fresh
 * directory under `workDir`, removed at the end unless `keep` is set, and kept on failure for its
 * data and topology log.
 */
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { ConnectionOptions } from '@incident-pipeline/dataflow/kafka'
import type { Analyzer } from '../dashboard/analysis/index.ts'
import { resolveConfig, type DashboardConfig } from '../dashboard/config.ts'
import { dbOptionsFrom, openDashboardDb, type DashboardDb } from '../dashboard/db/dashboard-db.ts'
import { silentLogger } from '../dashboard/logger.ts'
import type { ScenarioKind } from '../generator/scenarios/scenario-types.ts'
import { defaultAlertRulesConfig } from '../transforms/index.ts'
import type { ServiceMap } from '../transforms/service-map.ts'
import { completeness, completenessProblem } from './check-complete.ts'
import { evalInput, type KindInput } from './eval-input.ts'
import { readAlerts } from './read-alerts.ts'
import { runThroughKafka, type KafkaRun } from './run-through-kafka.ts'
import { alertScenario, scoreAlerts, type AlertScores } from './score-alerts.ts'
import { scoreScenarios, type Case } from './score.ts'
import { writeDirect } from './write-direct.ts'

export const evalPaths = ['kafka', 'direct'] as const
export type EvalPath = (typeof evalPaths)[number]

export interface EvalOptions {
  pipeline: EvalPath
  seed: number
  perKind: number
  noiseRate: number
  kinds: readonly ScenarioKind[]
  map: ServiceMap
  analyzers: readonly Analyzer[]
  connection: ConnectionOptions
  workDir: string
  /** Keep the run's directory (and, on Kafka, its topics). */
  keep: boolean
  progress: (message: string) => void
}

export interface EvalReport {
  pipeline: EvalPath
  events: number
  /** The run's directory, when kept. */
  dir: string | undefined
  kafka: KafkaRun | undefined
  seconds: { input: number; pipeline: number; check: number; alerts: number; analysis: number }
  alerts: AlertScores
  cases: Case[]
}

const t0 = Date.UTC(2026, 10, 1)
/** Event time on each side of a scenario in which an alert may still be the scenario's. */
export const alertPadMs = 5 * 60_000
const alertRuleNames = defaultAlertRulesConfig.rules.map((r) => r.name)

async function scoreRunAlerts(db: DashboardDb, inputs: readonly KindInput[]): Promise<AlertScores> {
  return scoreAlerts({
    alerts: await readAlerts(db),
    rules: alertRuleNames,
    slots: inputs,
    injected: inputs.flatMap((i) => i.injected.map(alertScenario)),
    scored: inputs.flatMap((i) => i.plans.map(alertScenario)),
    padMs: alertPadMs,
  })
}

async function openData(dataDir: string): Promise<{ config: DashboardConfig; db: DashboardDb }> {
  const config = resolveConfig({
    dataDir,
    logLevel: 'silent',
    // Millions of rows at high background rates: the checks scan them all.
    sql: { timeoutMs: 300_000, memoryLimit: '8GB' },
  })
  const db = await openDashboardDb(dbOptionsFrom(config, silentLogger))
  return { config, db }
}

/**
 * @example
 * const report = await runEval({ pipeline: 'kafka', seed: 7, perKind: 20, noiseRate: 0.05,
 *   kinds: scenarioKinds, map, analyzers, connection, workDir: tmpdir(), keep: false, progress })
 */
export async function runEval(o: EvalOptions): Promise<EvalReport> {
  let lap = performance.now()
  const seconds = (): number => {
    const now = performance.now()
    const s = Math.round((now - lap) / 100) / 10
    lap = now
    return s
  }
  const inputs = evalInput({ ...o, t0 })
  const items = inputs.flatMap((i) => i.items)
  const input = seconds()
  o.progress(`generated ${items.length} events in ${inputs.length} time slots`)

  await mkdir(o.workDir, { recursive: true })
  const dir = await mkdtemp(join(o.workDir, 'analysis-eval-'))
  const dataDir = join(dir, 'data')
  const logFile = join(dir, 'topology.log')
  let report: EvalReport
  try {
    let kafka: KafkaRun | undefined
    if (o.pipeline === 'kafka') {
      const { connection, progress, keep } = o
      kafka = await runThroughKafka({ connection, items, dataDir, logFile, progress, keep })
    } else {
      const { alerts } = await writeDirect(dataDir, items)
      o.progress(`wrote ${items.length} events and ${alerts} alerts to ${dataDir}`)
    }
    const pipeline = seconds()
    const { config, db } = await openData(dataDir)
    try {
      const ids = items.map((i) => i.eventId)
      const problem = completenessProblem(await completeness(db, ids))
      if (problem) throw new Error(problem)
      const check = seconds()
      o.progress(`the files hold each of the ${items.length} events once`)
      const alerts = await scoreRunAlerts(db, inputs)
      const alertsSeconds = seconds()
      o.progress(`scored ${alerts.falseAlerts.reduce((n, r) => n + r.alerts, 0)} alerts`)
      const cases = await scoreScenarios({ ...o, db, config, inputs })
      const analysis = seconds()
      report = {
        pipeline: o.pipeline,
        events: items.length,
        dir: undefined,
        kafka,
        alerts,
        cases,
        seconds: { input, pipeline, check, alerts: alertsSeconds, analysis },
      }
    } finally {
      db.close()
    }
  } catch (error) {
    const log = existsSync(logFile) ? `; topology log: ${logFile}` : ''
    throw new Error(`analysis eval failed (work dir kept: ${dir}${log})`, { cause: error })
  }
  if (o.keep) return { ...report, dir }
  await rm(dir, { recursive: true, force: true })
  return report
}
