/**
 * `POST /api/sql`: one read-only statement over the views, with values bound from `params`.
 * The answer is JSON (`columns`, `rows`, `truncated`) or CSV, chosen by `format` or the Accept
 * header. Refusals, SQL errors and timeouts are 4xx problems that say why.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { SqlLimits } from '../config.ts'
import type { DashboardDb } from '../db/dashboard-db.ts'
import { InvalidInputError } from '../errors.ts'
import { toCsv } from './csv.ts'
import { jsonValue, problemResponse } from './schemas.ts'
import type { App } from './app-env.ts'

export const sqlRequestSchema = z
  .strictObject({
    sql: z.string().min(1).max(100_000).openapi({
      example: 'SELECT level, count(*) AS n FROM incidents WHERE service = ? GROUP BY ALL',
    }),
    params: z
      .array(z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]))
      .max(100)
      .default([])
      .openapi({
        description: 'Values bound to the `?` / `$n` placeholders, in order.',
        example: ['web-server'],
      }),
    format: z
      .enum(['json', 'csv'])
      .optional()
      .openapi({ description: 'Overrides the Accept header.' }),
    max_rows: z
      .number()
      .int()
      .min(1)
      .optional()
      .openapi({ description: 'Lower row cap (up to the server cap).' }),
    timeout_ms: z
      .number()
      .int()
      .min(10)
      .optional()
      .openapi({ description: 'Lower timeout (up to the server timeout).' }),
  })
  .openapi('SqlRequest')

export const sqlResultSchema = z
  .object({
    columns: z.array(z.object({ name: z.string(), type: z.string() })),
    rows: z.array(z.array(jsonValue)),
    row_count: z.number().int(),
    truncated: z.boolean().openapi({ description: 'True when the row cap cut the result.' }),
    elapsed_ms: z.number(),
  })
  .openapi('SqlResult')

export const sqlRoute = createRoute({
  method: 'post',
  path: '/api/sql',
  summary: 'Run one read-only SQL statement over incidents, hourly_summary and alerts',
  security: [{ Bearer: [] }],
  request: {
    body: { required: true, content: { 'application/json': { schema: sqlRequestSchema } } },
  },
  responses: {
    200: {
      description: 'The result, capped at the row limit',
      content: {
        'application/json': { schema: sqlResultSchema },
        'text/csv': { schema: z.string() },
      },
    },
    400: problemResponse('Invalid request, SQL error, or statement timeout'),
    401: problemResponse('Missing or wrong token'),
    403: problemResponse(
      'Statement refused: not a single read-only statement, or a table or function out of scope',
    ),
    413: problemResponse('Request body larger than 256 KiB'),
    503: problemResponse('Too many concurrent queries'),
  },
})

function capped(name: string, requested: number | undefined, max: number): number {
  if (requested === undefined) return max
  if (requested > max) throw new InvalidInputError(`${name} may not exceed ${max}`)
  return requested
}

/**
 * @example
 * registerSqlRoutes(app, { db, limits: config.sql })
 */
export function registerSqlRoutes(app: App, deps: { db: DashboardDb; limits: SqlLimits }): void {
  app.openapi(sqlRoute, async (c) => {
    const body = c.req.valid('json')
    const limits = {
      maxRows: capped('max_rows', body.max_rows, deps.limits.maxRows),
      timeoutMs: capped('timeout_ms', body.timeout_ms, deps.limits.timeoutMs),
    }
    const format =
      body.format ?? ((c.req.header('accept') ?? '').includes('text/csv') ? 'csv' : 'json')
    const result = await deps.db.sql(body.sql, body.params, limits, c.req.raw.signal)
    c.header('cache-control', 'no-store')
    if (format === 'csv') {
      c.header('content-disposition', 'attachment; filename="query.csv"')
      c.header('x-truncated', String(result.truncated))
      c.header('x-row-count', String(result.rowCount))
      return c.body(
        toCsv(
          result.columns.map((col) => col.name),
          result.rows,
        ),
        200,
        {
          'content-type': 'text/csv; charset=utf-8',
        },
      )
    }
    return c.json(
      {
        columns: result.columns,
        rows: result.rows,
        row_count: result.rowCount,
        truncated: result.truncated,
        elapsed_ms: Math.round(result.elapsedMs * 10) / 10,
      },
      200,
    )
  })
}
