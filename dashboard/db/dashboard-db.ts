/**
 * The dashboard's database facade: a hardened DuckDB instance, the manifest-driven views, and
 * two ways in. `sql()` runs the user's SQL through the read-only guard, in worker processes
 * (`sql-sandbox.ts`) unless `workers` is 0; `query()` runs the dashboard's own parameterised SQL
 * in-process. Both refresh stale views first, borrow a pooled connection, bind values, enforce
 * the timeout and the row cap, and free the statement.
 */
import type { Logger } from 'pino'
import type { DashboardConfig } from '../config.ts'
import { DashboardError, DataError } from '../errors.ts'
import { openHardenedDatabase, type HardenedDatabase } from './hardened-database.ts'
import { runPrepared, type QueryLimits, type QueryResult, type SqlParam } from './run-query.ts'
import { startSqlSandbox, type SqlSandbox } from './sql-sandbox.ts'
import { prepareReadOnly, toSqlError } from './statement-guard.ts'
import { liveSummaryViewSql } from './live-summary-sql.ts'
import { TableViews } from './table-views.ts'

export interface DashboardDbOptions {
  dataDir: string
  memoryLimit: string
  threads: number
  poolSize: number
  maxQueue: number
  /** Worker processes for user SQL; 0 runs it in this process, without the hard deadline. */
  workers: number
  /** Limits of user SQL (`/api/sql`). */
  limits: QueryLimits
  logger: Logger
}

/** Time a statement gets past its timeout to notice the interrupt before its worker is killed. */
const killGraceMs = 1000

/** The database options a dashboard configuration asks for. */
export function dbOptionsFrom(config: DashboardConfig, logger: Logger): DashboardDbOptions {
  return {
    dataDir: config.dataDir,
    memoryLimit: config.sql.memoryLimit,
    threads: config.sql.threads,
    poolSize: config.sql.poolSize,
    maxQueue: config.sql.maxQueue,
    workers: config.sql.workers,
    limits: { timeoutMs: config.sql.timeoutMs, maxRows: config.sql.maxRows },
    logger,
  }
}

export interface DashboardDb {
  views: TableViews
  /** Runs one read-only statement written by a user. */
  sql(
    sql: string,
    params?: readonly SqlParam[],
    limits?: Partial<QueryLimits>,
    signal?: AbortSignal,
  ): Promise<QueryResult>
  /** Runs the dashboard's own statement (trusted text, bound values). */
  query(sql: string, params?: readonly SqlParam[]): Promise<QueryResult>
  /** A trivial round trip, for health checks. */
  ping(): Promise<void>
  /** Stops the views' polling and the SQL workers, waits for running queries, then closes. */
  close(): Promise<void>
}

/** Row cap of the dashboard's own queries, which are bounded by construction. */
const internalMaxRows = 200_000

/**
 * @example
 * const db = await openDashboardDb({ dataDir, memoryLimit: '1GB', threads: 2, poolSize: 4,
 *   maxQueue: 64, workers: 2, limits: { timeoutMs: 10_000, maxRows: 10_000 }, logger })
 * const { rows } = await db.sql('SELECT count(*) FROM incidents')
 */
export async function openDashboardDb(options: DashboardDbOptions): Promise<DashboardDb> {
  const database = await openHardenedDatabase(options)
  const views = new TableViews(database.admin, { dataDir: options.dataDir, logger: options.logger })
  let sandbox: SqlSandbox | undefined
  try {
    await views.ensureFresh(true)
    await database.admin.run(liveSummaryViewSql)
    if (options.workers > 0) sandbox = await startSandbox(options)
  } catch (err) {
    await database.close()
    throw err
  }
  const { pool } = database
  const inProcess = localSql(database)

  return {
    views,
    async sql(sql, params = [], limits = {}, signal) {
      const job = { sql, params, limits: { ...options.limits, ...limits } }
      if (sandbox) return sandbox.run(job, signal)
      await views.ensureFresh()
      return inProcess(job.sql, job.params, job.limits, signal)
    },
    async query(sql, params = []) {
      await views.ensureFresh()
      return pool.use(async (connection) => {
        const prepared = await connection.prepare(sql).catch((err: unknown) => {
          throw new DataError('a dashboard query failed to prepare', { cause: err })
        })
        try {
          return await runPrepared(connection, prepared, params, {
            timeoutMs: options.limits.timeoutMs,
            maxRows: internalMaxRows,
          })
        } catch (err) {
          throw err instanceof DashboardError
            ? err
            : new DataError('a dashboard query failed', { cause: err })
        } finally {
          prepared.destroySync()
        }
      })
    },
    async ping() {
      await pool.use((connection) => connection.run('SELECT 1'))
    },
    async close() {
      await Promise.all([sandbox?.close(), views.close()])
      await database.close()
    },
  }
}

function startSandbox(options: DashboardDbOptions): Promise<SqlSandbox> {
  const { dataDir, memoryLimit, threads, limits, logger, workers, maxQueue } = options
  return startSqlSandbox({
    settings: { dataDir, memoryLimit, threads, limits, logLevel: logger.level },
    workers,
    maxQueue,
    killGraceMs,
    logger,
  })
}

function localSql(database: HardenedDatabase) {
  return (
    sql: string,
    params: readonly SqlParam[],
    limits: QueryLimits,
    signal: AbortSignal | undefined,
  ): Promise<QueryResult> =>
    database.pool.use(async (connection) => {
      const prepared = await prepareReadOnly(connection, sql)
      try {
        return await runPrepared(connection, prepared, params, limits, signal)
      } catch (err) {
        throw err instanceof DashboardError ? err : toSqlError(err)
      } finally {
        prepared.destroySync()
      }
    })
}
