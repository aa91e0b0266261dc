// Ranking on bundles built from seeded scenarios (no noise): the root service is first for each
// scenario kind, with its category, and every cited id is an event of the bundle.
import { describe, expect, it } from 'vitest'
import { planScenario } from '../../generator/scenarios/plan-scenario.ts'
import { scenarioKinds } from '../../generator/scenarios/scenario-types.ts'
import { incidentTemplates, renderTemplate } from '../../transforms/incident-templates.ts'
import { enrichIncident } from '../../transforms/enrich-incident.ts'
import { parseIncident } from '../../transforms/parse-incident.ts'
import { loadServiceMap } from '../../transforms/service-map.ts'
import { normalizeBundle } from './incident-row.ts'
import { analyzeOffline } from './offline-analyzer.ts'
import { rankHypotheses } from './rank-hypotheses.ts'

const map = loadServiceMap()
const templates = new Map(incidentTemplates.map((t) => [t.action, t]))

function scenarioBundle(kind: (typeof scenarioKinds)[number], index: number) {
  const plan = planScenario({
    kind,
    seed: 3,
    index,
    startTime: Date.UTC(2026, 10, 28),
    map,
    timing: 'immediate',
  })
  const rows = plan.events.map((e, offset) => {
    const template = templates.get(e.action)
    if (!template) throw new Error(`no template ${e.action}`)
    const event = {
      event_id: e.eventId,
      timestamp: new Date(e.eventTime).toISOString(),
      level: template.level,
      message: renderTemplate(template, e.fields),
      source: 'test',
    }
    return Object.fromEntries(
      Object.entries(enrichIncident(parseIncident(event, e.eventTime), { partition: 0, offset })),
    )
  })
  const primary =
    plan.events.find((e) => e.action === 'critical_incident') ??
    plan.events.find((e) => e.fields.severity === 'Critical')
  const primaryRow = rows.find((r) => r.event_id === primary?.eventId)
  if (!primaryRow) throw new Error('no primary')
  return { plan, bundle: normalizeBundle({ primary: primaryRow, correlated: rows }) }
}

describe('rankHypotheses on scenario bundles', () => {
  it.each(scenarioKinds.flatMap((k) => [0, 1, 2].map((i) => [k, i] as const)))(
    '%s #%i: the root service first, with its category',
    (kind, index) => {
      const { plan, bundle } = scenarioBundle(kind, index)
      const [top] = rankHypotheses(bundle, { map })
      expect(top?.service).toBe(plan.truth.root_service)
      expect(top?.category).toBe(plan.truth.root_category)
      const ids = new Set(bundle.events.map((e) => e.event_id))
      const content = analyzeOffline(bundle, { maxTimeline: 40, maxHypotheses: 3, map })
      for (const h of content.root_cause_hypotheses) {
        for (const id of h.supporting_event_ids) expect(ids.has(id)).toBe(true)
      }
    },
  )
})
