/**
 * Checks the event ids an analysis cites against the bundle it was written from. A model can
 * invent ids, or copy one an injected message asked it to cite; unknown ids are removed from the
 * hypotheses and the timeline and reported, so the page never links an analysis to a row that
 * does not exist. Timeline steps that cite a real row take that row's time, which is the truth.
 */
import type { AnalysisContent } from './analysis-schema.ts'
import type { IncidentBundle } from './incident-row.ts'

export interface CitationCheck {
  content: AnalysisContent
  /** Cited ids not in the bundle, in order of first appearance, each once. */
  unknownEventIds: string[]
}

/**
 * @example
 * const { content, unknownEventIds } = verifyCitations(modelContent, bundle)
 */
export function verifyCitations(content: AnalysisContent, bundle: IncidentBundle): CitationCheck {
  const timeById = new Map(bundle.events.map((e) => [e.event_id, e.event_time]))
  const unknown = new Set<string>()
  const known = (id: string): boolean => {
    if (timeById.has(id)) return true
    unknown.add(id)
    return false
  }

  const root_cause_hypotheses = content.root_cause_hypotheses.map((h) => ({
    ...h,
    supporting_event_ids: [...new Set(h.supporting_event_ids)].filter(known),
  }))
  const timeline = content.timeline.map(({ event_id, ...step }) => {
    if (event_id === undefined || !known(event_id)) return step
    return { ...step, event_id, time: new Date(timeById.get(event_id) ?? 0).toISOString() }
  })
  return {
    content: { ...content, root_cause_hypotheses, timeline },
    unknownEventIds: [...unknown],
  }
}
