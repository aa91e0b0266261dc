/**
 * The incident dashboard: a Hono server over DuckDB views of the pipeline's committed files,
 * with REST and read-only SQL endpoints, live updates over SSE, server-rendered pages with
 * Observable Plot charts, and the root-cause analysis routes mounted under /api. Start it with
 * `startDashboard(resolveConfig(...), { logger, analyzer })`, or embed `createApp` with your own
 * database handle. Fixture writers produce data in the topology's exact layout for tests and
 * benchmarks.
 */
export { startDashboard, type DashboardServer, type StartOptions } from './server.ts'
export { createApp, type AppDeps } from './api/create-app.ts'
export {
  configFromArgs,
  defaultDashboardConfig,
  isLoopback,
  resolveConfig,
  type DashboardConfig,
  type DashboardConfigInput,
  type SqlLimits,
} from './config.ts'
export { openDashboardDb, type DashboardDb, type DashboardDbOptions } from './db/dashboard-db.ts'
export type { QueryLimits, QueryResult, SqlParam } from './db/run-query.ts'
export type { JsonSafe } from './db/json-safe.ts'
export { tableColumns } from './db/table-columns.ts'
export { tableNames, type TableName } from '../topology/tables.ts'
export { createPipelineHealth, type PipelineHealth } from './health/pipeline-health.ts'
export { createLogger, silentLogger } from './logger.ts'
export {
  appendIncidents,
  writeFixtures,
  type FixtureIncident,
  type FixtureSummary,
  type WriteFixturesOptions,
} from '../testing/fixtures/write-fixtures.ts'
export {
  DashboardError,
  DataError,
  InvalidInputError,
  NotFoundError,
  OverloadedError,
  QueryTimeoutError,
  SqlError,
  SqlRefusedError,
  UnauthorizedError,
} from './errors.ts'
