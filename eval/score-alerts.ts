/**
 * Scores the alerts the pipeline raised against the injected scenarios. Only `fired` records are
 * alerts; an anomaly alert's `updated` records still detect a scenario, its `resolved` ones do
 * not. A false alert is one whose window overlaps no scenario's span (padded by `padMs` on each side) and whose samples
 * hold no scenario event; false alerts are counted per rule and divided by the hours of event
 * time that are background only (the time slots minus the padded spans). A scenario is detected
 * by the first alert (by `fired_at`) whose window overlaps its span and whose key is one of its
 * services or whose samples hold one of its events; its detection latency runs from its first
 * WARNING or ERROR event to that alert's `fired_at`. Pure.
 */
import type { ScenarioPlan } from '../generator/scenarios/plan-scenario.ts'
import type { AlertState } from '../transforms/index.ts'
import { incidentTemplates } from '../transforms/incident-templates.ts'

/** The fields of an alert row the scoring reads; times are epoch ms. */
export interface ScoredAlert {
  rule: string
  key: string
  state: AlertState
  window_start: number
  window_end: number
  fired_at: number
  sample_event_ids: string[]
}

/** A scenario as the scoring sees it: its services and its events in time order. */
export interface AlertScenario {
  id: string
  kind: string
  services: string[]
  events: { eventId: string; eventTime: number; level: string }[]
}

export interface AlertScoreInput {
  alerts: readonly ScoredAlert[]
  /** Rule names to report, even those that never fired. */
  rules: readonly string[]
  /** The data's time slots `[start, end)`, epoch ms: all the event time there is. */
  slots: readonly { start: number; end: number }[]
  /** Every scenario whose events were sent, scored or not: no alert of theirs is false. */
  injected: readonly AlertScenario[]
  /** The scenarios whose detection is scored. */
  scored: readonly AlertScenario[]
  padMs: number
}

export interface FalseAlertRow {
  rule: string
  alerts: number
  false_alerts: number
  /** Null when no event time is background only. */
  false_per_hour: number | null
}

export interface LatencyRow {
  kind: string
  scenarios: number
  detected: number
  missed: number
  median_s: number | null
  max_s: number | null
}

/** Detection of every scored scenario by one rule alone. */
export type RuleLatencyRow = { rule: string } & Omit<LatencyRow, 'kind'>

export interface Detection {
  scenario: string
  kind: string
  /** First alert's `fired_at` minus the first failure event's time; null when missed. */
  latencyMs: number | null
  rule: string | null
}

export interface AlertScores {
  backgroundHours: number
  falseAlerts: FalseAlertRow[]
  latency: LatencyRow[]
  /** The same over all kinds, for each rule on its own. */
  byRule: RuleLatencyRow[]
  detections: Detection[]
}

const hour = 3_600_000
const levels = new Map<string, string>(incidentTemplates.map((t) => [t.action, t.level]))

/**
 * @example
 * alertScenario(plan) // { id: plan.id, kind: plan.kind, services: [...], events: [...] }
 */
export function alertScenario(plan: ScenarioPlan): AlertScenario {
  return {
    id: plan.id,
    kind: plan.kind,
    services: plan.truth.affected_services,
    events: plan.events.map((e) => {
      const level = levels.get(e.action)
      if (level === undefined) throw new Error(`${plan.id}: no template for action ${e.action}`)
      return { eventId: e.eventId, eventTime: e.eventTime, level }
    }),
  }
}

type Span = [number, number]

/** First to last event time, inclusive. */
function spanOf(s: AlertScenario, pad: number): Span {
  const times = s.events.map((e) => e.eventTime)
  return [Math.min(...times) - pad, Math.max(...times) + pad]
}

const overlaps = (a: ScoredAlert, [from, to]: Span): boolean =>
  a.window_start <= to && a.window_end > from

/** Length of `slot` outside the union of `spans`. */
function uncovered(slot: { start: number; end: number }, spans: readonly Span[]): number {
  const clipped = spans
    .map(([from, to]): Span => [Math.max(from, slot.start), Math.min(to, slot.end)])
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0])
  let covered = 0
  let reach = slot.start
  for (const [from, to] of clipped) {
    if (to <= reach) continue
    covered += to - Math.max(from, reach)
    reach = to
  }
  return slot.end - slot.start - covered
}

function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null
  const mid = Math.floor(sorted.length / 2)
  const upper = sorted[mid] ?? 0
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2
}

const seconds = (ms: number | null): number | null =>
  ms === null ? null : Math.round(ms / 100) / 10

function detect(s: AlertScenario, alerts: readonly ScoredAlert[]): Detection {
  const failure = s.events.find((e) => e.level === 'WARNING' || e.level === 'ERROR')
  if (failure === undefined) throw new Error(`scenario ${s.id} has no WARNING or ERROR event`)
  const span = spanOf(s, 0)
  const ids = new Set(s.events.map((e) => e.eventId))
  const services = new Set(s.services)
  const first = alerts
    .filter((a) => a.state !== 'resolved' && overlaps(a, span))
    .filter((a) => services.has(a.key) || a.sample_event_ids.some((id) => ids.has(id)))
    .reduce<ScoredAlert | undefined>(
      (best, a) => (best && best.fired_at <= a.fired_at ? best : a),
      undefined,
    )
  return {
    scenario: s.id,
    kind: s.kind,
    latencyMs: first ? first.fired_at - failure.eventTime : null,
    rule: first?.rule ?? null,
  }
}

function latencyOf(detections: readonly Detection[]): Omit<LatencyRow, 'kind'> {
  const ms = detections
    .map((d) => d.latencyMs)
    .filter((l) => l !== null)
    .sort((a, b) => a - b)
  return {
    scenarios: detections.length,
    detected: ms.length,
    missed: detections.length - ms.length,
    median_s: seconds(median(ms)),
    max_s: seconds(ms.at(-1) ?? null),
  }
}

/**
 * @example
 * const { falseAlerts, latency } = scoreAlerts({ alerts, rules: ['error-burst'], slots,
 *   injected: plans.map(alertScenario), scored: plans.map(alertScenario), padMs: 300_000 })
 */
export function scoreAlerts(o: AlertScoreInput): AlertScores {
  const padded = o.injected.map((s) => spanOf(s, o.padMs))
  const scenarioIds = new Set(o.injected.flatMap((s) => s.events.map((e) => e.eventId)))
  const isFalse = (a: ScoredAlert): boolean =>
    !padded.some((span) => overlaps(a, span)) &&
    !a.sample_event_ids.some((id) => scenarioIds.has(id))
  const backgroundMs = o.slots.reduce((ms, slot) => ms + uncovered(slot, padded), 0)
  const backgroundHours = backgroundMs / hour
  const rules = [...new Set([...o.rules, ...o.alerts.map((a) => a.rule)])]
  const falseAlerts = rules.map((rule) => {
    const mine = o.alerts.filter((a) => a.rule === rule && a.state === 'fired')
    const n = mine.filter(isFalse).length
    return {
      rule,
      alerts: mine.length,
      false_alerts: n,
      false_per_hour: backgroundHours > 0 ? Math.round((100 * n) / backgroundHours) / 100 : null,
    }
  })
  const detections = o.scored.map((s) => detect(s, o.alerts))
  const kinds = [...new Set(o.scored.map((s) => s.kind))]
  const latency = [...kinds, 'all'].map((kind) => ({
    kind,
    ...latencyOf(detections.filter((d) => kind === 'all' || d.kind === kind)),
  }))
  const byRule = rules.map((rule) => {
    const mine = o.alerts.filter((a) => a.rule === rule)
    return { rule, ...latencyOf(o.scored.map((s) => detect(s, mine))) }
  })
  return {
    backgroundHours: Math.round(backgroundHours * 100) / 100,
    falseAlerts,
    latency,
    byRule,
    detections,
  }
}
