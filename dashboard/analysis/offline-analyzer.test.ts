import { describe, expect, it } from 'vitest'
import { analysisContentSchema } from './analysis-schema.ts'
import { normalizeBundle } from './incident-row.ts'
import { analyzeOffline, createOfflineAnalyzer, OFFLINE_MODEL } from './offline-analyzer.ts'
import { CATEGORY_PLAYBOOKS, playbookFor } from './playbooks.ts'
import { rankHypotheses } from './rank-hypotheses.ts'
import { injectionBundle, primaryRow, sampleBundle } from './test-fixtures.ts'
import { attackTypes, categories } from '../../transforms/incident-templates.ts'

describe('offline analyzer', () => {
  it('returns the same structure as Gemini, labelled offline, without token usage', async () => {
    const analyzer = createOfflineAnalyzer()
    expect(analyzer).toMatchObject({ source: 'offline', model: OFFLINE_MODEL })
    const { content, usage } = await analyzer.analyze(normalizeBundle(sampleBundle))
    expect(analysisContentSchema.parse(content)).toEqual(content)
    expect(usage).toBeNull()
    expect(content.executive_summary).toMatch(/^Offline rule-based analysis/)
  })

  it('cites the 20 strongest events of a long run and counts the rest', () => {
    const t = Date.parse(String(primaryRow.event_time))
    const run = Array.from({ length: 30 }, (_, i) => ({
      event_id: `run-${String(i).padStart(2, '0')}`,
      event_time: t - (30 - i) * 3_000,
      level: i % 2 === 0 ? 'ERROR' : 'WARNING',
      action: 'incident_detected',
      service: 'api-gateway',
      category: 'Network Issue',
    }))
    const [top] = analyzeOffline(
      normalizeBundle({ primary: primaryRow, correlated: run }),
    ).root_cause_hypotheses
    const cited = top?.supporting_event_ids ?? []
    expect(cited).toHaveLength(20)
    expect(cited[0]).toBe(primaryRow.event_id)
    // Then the errors, the closest to the incident first: run-28, run-26, ...
    expect(cited.slice(1, 4)).toEqual(['run-28', 'run-26', 'run-24'])
    expect(top?.hypothesis).toContain('the 20 strongest events cited, 11 more alike')
  })

  it('ranks the selected service by its run of failures up to the incident', () => {
    const bundle = normalizeBundle(sampleBundle)
    const ranked = rankHypotheses(bundle)
    expect(ranked.map((g) => [g.service, g.category])).toEqual([['api-gateway', 'Network Issue']])
    expect(ranked[0]).toMatchObject({
      service: 'api-gateway',
      escalationTeams: ['Network-Team'],
      containsPrimary: true,
    })
    const content = analyzeOffline(bundle)
    const [top] = content.root_cause_hypotheses
    expect(top?.category).toBe('Network Issue')
    expect(top?.hypothesis).toMatch(
      // The degradation at 03:00 is five minutes before the outage: too far to be the same run.
      /^Most likely root cause: Network Issue on api-gateway; first failure signal at 2026-11-28T03:05:00.000Z \(critical_incident\)/,
    )
    const confidences = content.root_cause_hypotheses.map((h) => h.confidence)
    expect(confidences).toEqual([...confidences].sort((a, b) => b - a))
    expect(Math.max(...confidences)).toBeLessThanOrEqual(0.85)
  })

  it('cites only event ids that exist in the bundle', () => {
    const bundle = normalizeBundle(injectionBundle)
    const ids = new Set(bundle.events.map((e) => e.event_id))
    const content = analyzeOffline(bundle)
    const cited = [
      ...content.root_cause_hypotheses.flatMap((h) => h.supporting_event_ids),
      ...content.timeline.flatMap((t) => (t.event_id ? [t.event_id] : [])),
    ]
    expect(cited.length).toBeGreaterThan(0)
    for (const id of cited) expect(ids).toContain(id)
  })

  it('builds a time-ordered timeline from the parsed fields, failures kept first when cut', () => {
    const bundle = normalizeBundle(sampleBundle)
    const full = analyzeOffline(bundle).timeline
    expect(full.map((t) => t.event_id)).toEqual([
      'evt-0001',
      'evt-0002',
      'evt-0003',
      'evt-0004',
      'evt-0006',
    ])
    expect(full[2]?.description).toBe(
      'ERROR critical_incident: api-gateway DOWN (Network Issue), 1200 users affected, escalated to Network-Team',
    )
    const cut = analyzeOffline(bundle, { maxTimeline: 2, maxHypotheses: 5 }).timeline
    expect(cut.map((t) => t.event_id)).toEqual(['evt-0001', 'evt-0003'])
  })

  it('plans actions from the playbook of the top category plus steps from the data', () => {
    const content = analyzeOffline(normalizeBundle(sampleBundle))
    expect(content.actions.short_term[0]).toBe('Confirm that Network-Team owns the incident.')
    expect(content.actions.short_term).toContain('Check the affected systems: SYS-0042.')
    expect(content.actions.short_term).toEqual(
      expect.arrayContaining(CATEGORY_PLAYBOOKS['Network Issue']?.short_term ?? []),
    )
    expect(content.actions.long_term).toEqual(
      expect.arrayContaining(CATEGORY_PLAYBOOKS['Network Issue']?.long_term ?? []),
    )
  })

  it('says so when there is no failure signal', () => {
    const quiet = normalizeBundle({
      primary: {
        ...primaryRow,
        level: 'INFO',
        action: 'maintenance_completed',
        category: null,
        is_outage: false,
        escalation_team: null,
      },
      correlated: [],
    })
    const content = analyzeOffline(quiet)
    expect(content.root_cause_hypotheses).toEqual([
      expect.objectContaining({ confidence: 0.1, supporting_event_ids: ['evt-0003'] }),
    ])
    expect(content.executive_summary).toContain('No failure signal found.')
  })
})

describe('playbooks', () => {
  it('has short- and long-term checklists for each of the 8 categories', () => {
    expect(Object.keys(CATEGORY_PLAYBOOKS).sort()).toEqual([...categories].sort())
    for (const category of categories) {
      expect(CATEGORY_PLAYBOOKS[category]?.short_term.length).toBeGreaterThanOrEqual(3)
      expect(CATEGORY_PLAYBOOKS[category]?.long_term.length).toBeGreaterThanOrEqual(3)
    }
  })

  it('adds attack-type steps to a security breach, for every attack type', () => {
    for (const attack of attackTypes) {
      const playbook = playbookFor('Security Breach', [attack])
      expect(playbook.short_term.length).toBe(
        (CATEGORY_PLAYBOOKS['Security Breach']?.short_term.length ?? 0) + 1,
      )
      expect(playbook.long_term.length).toBe(
        (CATEGORY_PLAYBOOKS['Security Breach']?.long_term.length ?? 0) + 1,
      )
    }
    expect(playbookFor(undefined).short_term[0]).toMatch(/^Confirm the current status/)
  })
})
