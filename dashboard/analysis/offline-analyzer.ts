/**
 * The offline analyzer: the same analysis structure as Gemini's, computed from the rows alone
 * when no API key is configured. Hypotheses come from `rankHypotheses`, the timeline from the
 * rows (failures first when it must be cut), and the action plan from the category and attack
 * playbooks plus steps specific to the data. Every cited id is a row of the bundle.
 */
import { type ServiceMap } from '../../transforms/service-map.ts'
import { loadServiceMap } from '../../config/service-map-file.ts'
import type { AnalysisContent, RootCauseHypothesis, TimelineEntry } from './analysis-schema.ts'
import type { Analyzer, AnalyzerOutput } from './analyzer.ts'
import { describeEvent } from './describe-event.ts'
import type { Incident, IncidentBundle } from './incident-row.ts'
import { playbookFor } from './playbooks.ts'
import { confidenceOf, type RankedGroup, rankHypotheses } from './rank-hypotheses.ts'

export interface OfflineAnalyzerOptions {
  /** Dependency map used to rank causes; the repository's map when not given. */
  map?: ServiceMap
  /** Most timeline entries; ERROR and WARNING rows and the primary are kept first. */
  maxTimeline?: number
  maxHypotheses?: number
}

const defaultOfflineAnalyzerOptions = {
  maxTimeline: 40,
  maxHypotheses: 3,
} satisfies OfflineAnalyzerOptions

type ResolvedOptions = Required<Omit<OfflineAnalyzerOptions, 'map'>> & { map?: ServiceMap }

export const OFFLINE_MODEL = 'offline-rules-v4'

/**
 * @example
 * const analyzer = createOfflineAnalyzer()
 * const { content } = await analyzer.analyze(bundle) // content.root_cause_hypotheses[0] ...
 */
export function createOfflineAnalyzer(options: OfflineAnalyzerOptions = {}): Analyzer {
  const { map = loadServiceMap(), ...limits } = options
  const opts: ResolvedOptions = { ...defaultOfflineAnalyzerOptions, ...limits, map }
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`invalid ${name}: ${value}`)
  }
  return {
    source: 'offline',
    model: OFFLINE_MODEL,
    analyze: async (bundle): Promise<AnalyzerOutput> => ({
      content: analyzeOffline(bundle, opts),
      usage: null,
    }),
  }
}

/** The pure core of the offline analyzer. */
export function analyzeOffline(
  bundle: IncidentBundle,
  options: ResolvedOptions = defaultOfflineAnalyzerOptions,
): AnalysisContent {
  const ranked = rankHypotheses(bundle, { map: options.map }).slice(0, options.maxHypotheses)
  const top = ranked[0]
  const hypotheses: RootCauseHypothesis[] =
    ranked.length > 0
      ? ranked.map((group, i) => toHypothesis(group, i === 0))
      : [
          {
            ...(bundle.primary.service ? { service: bundle.primary.service } : {}),
            hypothesis:
              'No failure signal in the correlated window: the selected event ' +
              `(${bundle.primary.action}) is informational, so no root cause is indicated.`,
            confidence: 0.1,
            supporting_event_ids: [bundle.primary.event_id],
          },
        ]
  const playbook = playbookFor(top?.category, top?.attackTypes)
  return {
    executive_summary: summarize(bundle, top),
    root_cause_hypotheses: hypotheses,
    timeline: timeline(bundle, options.maxTimeline),
    actions: {
      short_term: [...dataSpecificSteps(bundle, top), ...playbook.short_term].slice(0, 20),
      long_term: playbook.long_term.slice(0, 20),
    },
  }
}

/** Most evidence ids a hypothesis cites; the rest are counted in its text. */
const maxEvidence = 20

function toHypothesis(group: RankedGroup, mostLikely: boolean): RootCauseHypothesis {
  const where = group.service ?? 'unattributed events (no service named or tied by system id)'
  const evidence = [
    `first failure signal at ${iso(group.firstFailure.event_time)} (${group.firstFailure.action})`,
    `${group.errors} ERROR and ${group.warnings} WARNING events`,
  ]
  if (group.escalationTeams.length > 0) {
    evidence.push(`escalated to ${group.escalationTeams.join(', ')}`)
  }
  if (group.attackTypes.length > 0) evidence.push(`attack type ${group.attackTypes.join(', ')}`)
  if (group.databases.length > 0) evidence.push(`database ${group.databases.join(', ')}`)
  if (group.explains.length > 0) {
    evidence.push(`failed before ${group.explains.join(', ')}, which depend on it`)
  }
  if (group.containsPrimary) evidence.push('includes the selected incident')
  const uncited = group.eventIds.length - maxEvidence
  if (uncited > 0) evidence.push(`the ${maxEvidence} strongest events cited, ${uncited} more alike`)
  const lead = mostLikely ? 'Most likely root cause' : 'Alternative cause'
  return {
    ...(group.service ? { service: group.service } : {}),
    category: group.category,
    hypothesis: `${lead}: ${group.category} on ${where}; ${evidence.join('; ')}.`,
    confidence: confidenceOf(group.score),
    supporting_event_ids: group.eventIds.slice(0, maxEvidence),
  }
}

function summarize(bundle: IncidentBundle, top: RankedGroup | undefined): string {
  const { primary, events } = bundle
  const count = (level: Incident['level']) => events.filter((e) => e.level === level).length
  const resolved = events.some(
    (e) =>
      e.event_time >= primary.event_time &&
      (e.lifecycle_stage === 'resolved' || e.lifecycle_stage === 'recovered'),
  )
  const users = Math.max(0, ...events.map((e) => e.affected_users ?? 0))
  return [
    'Offline rule-based analysis (no Gemini API key configured).',
    `Selected event ${primary.event_id}: ${primary.level} ${primary.action}` +
      ` on ${primary.service ?? 'no named service'} at ${iso(primary.event_time)}.`,
    `${events.length} events in the correlated window: ${count('ERROR')} ERROR,` +
      ` ${count('WARNING')} WARNING, ${count('INFO')} INFO.`,
    users > 0 ? `Up to ${users} users affected.` : '',
    top
      ? `Most likely cause: ${top.category} (confidence ${confidenceOf(top.score)}).`
      : 'No failure signal found.',
    resolved
      ? 'A resolution or recovery was logged after the selected event.'
      : 'No resolution or recovery logged after the selected event yet.',
  ]
    .filter((s) => s !== '')
    .join(' ')
}

function timeline(bundle: IncidentBundle, max: number): TimelineEntry[] {
  const rank = (e: Incident) => (e === bundle.primary ? 0 : e.level === 'INFO' ? 2 : 1)
  const kept = [...bundle.events]
    .sort((a, b) => rank(a) - rank(b) || a.event_time - b.event_time)
    .slice(0, max)
    .sort((a, b) => a.event_time - b.event_time)
  return kept.map((e) => ({
    time: iso(e.event_time),
    event_id: e.event_id,
    description: describeEvent(e),
  }))
}

function dataSpecificSteps(bundle: IncidentBundle, top: RankedGroup | undefined): string[] {
  const steps: string[] = []
  const owners = top?.escalationTeams ?? []
  if (owners.length > 0) steps.push(`Confirm that ${owners.join(', ')} owns the incident.`)
  for (const ip of top?.sourceIps ?? []) steps.push(`Block source address ${ip} at the edge.`)
  const systems = [...new Set(bundle.events.map((e) => e.system_id).filter((s) => s !== null))]
  if (systems.length > 0)
    steps.push(`Check the affected systems: ${systems.slice(0, 5).join(', ')}.`)
  return steps
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}
