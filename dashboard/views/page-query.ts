/**
 * The overview page's query string: a time-range preset anchored at the newest committed event
 * (so a quiet pipeline still shows its last day of data, and the health panel tells how old that
 * is), plus the same filters as the REST API. Empty form fields count as absent.
 */
import { z } from '@hono/zod-openapi'
import { InvalidInputError } from '../errors.ts'
import type { IncidentFilter } from '../queries/incident-filter.ts'
import { incidentQuerySchema, toFilter } from '../api/schemas.ts'

const hour = 3_600_000

export const rangePresets = {
  '1h': hour,
  '6h': 6 * hour,
  '24h': 24 * hour,
  '7d': 7 * 24 * hour,
  '30d': 30 * 24 * hour,
  all: null,
} as const

export type RangePreset = keyof typeof rangePresets

export const pageQuerySchema = incidentQuerySchema
  .pick({ level: true, service: true, category: true, q: true, cursor: true })
  .extend({
    range: z.enum(Object.keys(rangePresets) as [RangePreset, ...RangePreset[]]).default('24h'),
  })

export type PageQuery = z.infer<typeof pageQuerySchema>

/** Validates a page's query string, ignoring empty fields. */
export function parsePageQuery(query: Record<string, string>): PageQuery {
  const present = Object.fromEntries(Object.entries(query).filter(([, v]) => v.trim() !== ''))
  const parsed = pageQuerySchema.safeParse(present)
  if (!parsed.success) throw InvalidInputError.fromIssues('query', parsed.error.issues)
  return parsed.data
}

/**
 * The filter of a page: the preset's window ending just after `anchor` (epoch ms).
 *
 * @example
 * pageFilter({ range: '24h' }, Date.parse('2026-11-28T12:00:00Z'))
 */
export function pageFilter(q: PageQuery, anchor: number): IncidentFilter {
  const span = rangePresets[q.range]
  return {
    ...toFilter(q),
    ...(span === null ? {} : { from: anchor + 1 - span, to: anchor + 1 }),
  }
}
