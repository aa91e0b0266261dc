/**
 * Scores root-cause analysis on the evaluation's scenarios: the real dashboard app, in-process
 * over the committed files, answers `POST /api/incidents/:id/analysis` for each scenario's most
 * visible incident (its first critical incident, or its first Critical-severity one), and each
 * answer is compared with the scenario's ground truth: top-1 and top-3 root service, top-1 root
 * category, and how many of the cited evidence ids belong to the scenario.
 */
import type { AnalysisResult, Analyzer } from '../dashboard/analysis/index.ts'
import { createApp } from '../dashboard/api/create-app.ts'
import type { DashboardConfig } from '../dashboard/config.ts'
import type { DashboardDb } from '../dashboard/db/dashboard-db.ts'
import { silentLogger } from '../dashboard/logger.ts'
import { downPipeline } from '../dashboard/test-support.ts'
import type { ScenarioPlan } from '../generator/scenarios/plan-scenario.ts'
import type { ScenarioKind } from '../generator/scenarios/scenario-types.ts'
import type { ServiceMap } from '../transforms/service-map.ts'
import type { KindInput } from './eval-input.ts'

export interface Case {
  kind: ScenarioKind
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

export interface ScoreOptions {
  db: DashboardDb
  config: DashboardConfig
  map: ServiceMap
  analyzers: readonly Analyzer[]
  inputs: readonly KindInput[]
  progress: (message: string) => void
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

/** One scenario's analysis against its ground truth. Pure. */
function scoreCase(plan: ScenarioPlan, primary: string, result: AnalysisResult, ms: number): Case {
  const ids = new Set(plan.truth.event_ids)
  const hypotheses = result.root_cause_hypotheses
  const predicted = hypotheses.map((h) => h.service ?? 'unattributed')
  const cited = [...new Set(hypotheses.flatMap((h) => h.supporting_event_ids))]
  return {
    kind: plan.kind,
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
    ms,
  }
}

/**
 * @example
 * const cases = await scoreScenarios({ db, config, map, analyzers, inputs, progress })
 */
export async function scoreScenarios(o: ScoreOptions): Promise<Case[]> {
  const cases: Case[] = []
  for (const analyzer of o.analyzers) {
    const { app, hub } = createApp({
      config: o.config,
      db: o.db,
      logger: silentLogger,
      pipeline: { read: async () => downPipeline },
      analyzer,
      serviceMap: o.map,
    })
    try {
      for (const { kind, plans } of o.inputs) {
        o.progress(`analysing ${plans.length} ${kind} scenarios with ${analyzer.model}`)
        for (const plan of plans) {
          const primary = primaryOf(plan)
          const started = performance.now()
          const res = await app.request(`/api/incidents/${primary}/analysis`, {
            method: 'POST',
            headers: { accept: 'application/json', 'content-type': 'application/json' },
          })
          if (res.status !== 200) {
            throw new Error(`${plan.id}: analysis answered ${res.status}: ${await res.text()}`)
          }
          const result = (await res.json()) as AnalysisResult
          cases.push(scoreCase(plan, primary, result, Math.round(performance.now() - started)))
        }
      }
    } finally {
      hub.closeAll()
    }
  }
  return cases
}
