/**
 * Zod schemas of the REST API's inputs and outputs, shared by the route files and published in
 * the OpenAPI document. Query objects are strict: an unknown parameter is a 400 that names it,
 * rather than a filter silently ignored.
 */
import { z } from '@hono/zod-openapi'
import type { IncidentFilter, Level } from '../queries/incident-filter.ts'

export const isoTime = z.iso.datetime({ offset: true }).openapi({ example: '2026-11-28T03:00:00Z' })

const levelList = z
  .string()
  .regex(/^(INFO|WARNING|ERROR)(,(INFO|WARNING|ERROR))*$/, 'comma-separated INFO, WARNING, ERROR')
  .openapi({ example: 'ERROR,WARNING' })

const text = (max: number) => z.string().min(1).max(max)

export const incidentQuerySchema = z.strictObject({
  from: isoTime.optional().openapi({ description: 'Inclusive start of event_time (ISO-8601).' }),
  to: isoTime.optional().openapi({ description: 'Exclusive end of event_time (ISO-8601).' }),
  level: levelList.optional(),
  service: text(100).optional(),
  category: text(100).optional(),
  q: text(200).optional().openapi({ description: 'Case-insensitive literal text in the message.' }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: text(500).optional().openapi({ description: '`next_cursor` of the previous page.' }),
})

export type IncidentQuery = z.infer<typeof incidentQuerySchema>

/** Converts validated query fields into the shared filter. */
export function toFilter(
  q: Partial<Pick<IncidentQuery, 'from' | 'to' | 'level' | 'service' | 'category' | 'q'>>,
): IncidentFilter {
  return {
    from: q.from === undefined ? undefined : Date.parse(q.from),
    to: q.to === undefined ? undefined : Date.parse(q.to),
    levels: q.level ? ([...new Set(q.level.split(','))] as Level[]) : undefined,
    service: q.service,
    category: q.category,
    text: q.q,
  }
}

// Plain `unknown`: a recursive JSON schema would not survive the OpenAPI generator.
export const jsonValue = z
  .unknown()
  .openapi({ description: 'A JSON value (BIGINT beyond 2^53 as a string, times as ISO-8601)' })

export const rowSchema = z.record(z.string(), jsonValue).openapi('Row')

export const incidentPageSchema = z
  .object({ items: z.array(rowSchema), next_cursor: z.string().nullable() })
  .openapi('IncidentPage')

export const incidentIdParam = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,128}$/)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'INC-1A2B3C4D' }),
})

export const detailQuerySchema = z.strictObject({
  window_minutes: z.coerce.number().int().min(1).max(1440).optional().openapi({
    description:
      'Correlation window (± minutes around the incident); default from the server config.',
  }),
  hops: z.coerce.number().int().min(0).max(10).optional().openapi({
    description:
      'Most hops along the service dependency map to a correlated service (0: same service only); default from the server config.',
  }),
})

export const incidentDetailSchema = z
  .object({
    incident: rowSchema,
    correlated: z.array(rowSchema),
    window_minutes: z.number().int(),
    hops: z.number().int(),
    truncated: z.boolean(),
  })
  .openapi('IncidentDetail')

export const summaryQuerySchema = z.strictObject({
  from: isoTime.optional(),
  to: isoTime.optional(),
  dimension: z.enum(['service_level', 'category']).optional(),
  service: text(100).optional(),
  level: z.enum(['INFO', 'WARNING', 'ERROR']).optional(),
  category: text(100).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(500),
})

export const alertQuerySchema = z.strictObject({
  from: isoTime.optional(),
  to: isoTime.optional(),
  rule: text(100).optional(),
  key: text(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
})

export const rowsSchema = z.object({ items: z.array(rowSchema) }).openapi('Rows')

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    retriable: z.boolean(),
    instance: z.string().optional(),
    issues: z.array(z.string()).optional(),
  })
  .openapi('Problem')

/** A problem response entry for a route's `responses`. */
export const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemSchema } },
})
