/**
 * The shape of an analysis. `analysisContentSchema` is the part the model writes (the four
 * sections of the original dashboard: executive summary, root-cause hypotheses, timeline and a
 * short/long-term action plan); it is sent to Gemini as `responseJsonSchema` and every answer is
 * validated against it. `AnalysisResult` is what the route returns to the page: the content plus
 * where it came from, the token usage and the citation check.
 */
import { z } from 'zod'

const eventId = z.string().min(1).max(128)

export const hypothesisSchema = z
  .object({
    service: z.string().max(80).optional().describe('Service the hypothesis is about.'),
    category: z.string().max(80).optional().describe('Incident category, e.g. Network Issue.'),
    hypothesis: z.string().min(1).max(2000).describe('The suspected root cause and why.'),
    confidence: z.number().min(0).max(1).describe('Confidence from 0 (guess) to 1 (certain).'),
    supporting_event_ids: z
      .array(eventId)
      .max(50)
      .describe('event_id values from the incident data that support this hypothesis.'),
  })
  .strict()

export const timelineEntrySchema = z
  .object({
    time: z.string().min(1).max(64).describe('ISO-8601 UTC time of the step.'),
    event_id: eventId.optional().describe('event_id of the incident row this step comes from.'),
    description: z.string().min(1).max(1000).describe('What happened at this step.'),
  })
  .strict()

const checklist = z.array(z.string().min(1).max(500)).max(20)

/** What the model (or the offline analyzer) produces. */
export const analysisContentSchema = z
  .object({
    executive_summary: z
      .string()
      .min(1)
      .max(4000)
      .describe('Plain-text summary for an incident commander: impact, likely cause, status.'),
    root_cause_hypotheses: z
      .array(hypothesisSchema)
      .min(1)
      .max(10)
      .describe('Root-cause hypotheses across the correlated incidents, most likely first.'),
    timeline: z.array(timelineEntrySchema).max(100).describe('Events in time order.'),
    actions: z
      .object({
        short_term: checklist.describe('Immediate checklist to mitigate and restore service.'),
        long_term: checklist.describe('Follow-up checklist to prevent recurrence.'),
      })
      .strict(),
  })
  .strict()

export type AnalysisContent = z.infer<typeof analysisContentSchema>
export type RootCauseHypothesis = z.infer<typeof hypothesisSchema>
export type TimelineEntry = z.infer<typeof timelineEntrySchema>

/**
 * JSON Schema for `responseJsonSchema`. The `$schema` keyword is dropped: the Gemini API
 * rejects or ignores it, and the schema itself is plain draft 2020-12 otherwise.
 */
export function analysisResponseJsonSchema(): Record<string, unknown> {
  const { $schema: _dropped, ...schema } = z.toJSONSchema(analysisContentSchema, {
    target: 'draft-2020-12',
  })
  return schema
}

export const tokenUsageSchema = z.object({
  prompt_tokens: z.number().int(),
  candidates_tokens: z.number().int(),
  /** Includes thinking tokens. */
  total_tokens: z.number().int(),
})

/** The response body of `POST /incidents/:id/analysis` (also documents the route). */
export const analysisResultSchema = analysisContentSchema.extend({
  incident_id: z.string(),
  source: z.enum(['gemini', 'offline']),
  model: z.string(),
  generated_at: z.number().int().describe('When the analysis was produced, epoch milliseconds.'),
  cached: z.boolean().describe('True when served from the cache.'),
  usage: tokenUsageSchema.nullable(),
  citations: z.object({
    unknown_event_ids: z
      .array(z.string())
      .describe('Cited ids that are not in the bundle; removed from the content.'),
  }),
  bundle: z.object({ primary_event_id: z.string(), event_count: z.number().int() }),
})

export type TokenUsage = z.infer<typeof tokenUsageSchema>
export type AnalysisResult = z.infer<typeof analysisResultSchema>
