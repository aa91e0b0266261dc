/**
 * Opens the in-memory DuckDB instance the dashboard queries through. It is hardened before any
 * user SQL can reach it: extensions are neither installed nor autoloaded, memory and threads are
 * capped, file access is limited to the data directory (`allowed_directories`), then external
 * access is switched off and the configuration locked, so no later statement can loosen it.
 */
import { sep } from 'node:path'
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import { quoteLiteral } from '@incident-pipeline/dataflow/sinks'
import { ConnectionPool } from './connection-pool.ts'

export interface HardenedDatabaseOptions {
  dataDir: string
  memoryLimit: string
  threads: number
  poolSize: number
  maxQueue: number
}

export interface HardenedDatabase {
  instance: DuckDBInstance
  /** Connection the dashboard itself uses to (re)create views; never runs user SQL. */
  admin: DuckDBConnection
  /** Connections that run queries. */
  pool: ConnectionPool<DuckDBConnection>
  /** Waits for running queries to stop (they are interrupted), then closes everything. */
  close(): Promise<void>
}

/**
 * @example
 * const db = await openHardenedDatabase({ dataDir: '/srv/data', memoryLimit: '1GB', threads: 2, poolSize: 4, maxQueue: 64 })
 */
export async function openHardenedDatabase(
  options: HardenedDatabaseOptions,
): Promise<HardenedDatabase> {
  const instance = await DuckDBInstance.create(':memory:', {
    threads: String(options.threads),
    memory_limit: options.memoryLimit,
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  })
  const admin = await instance.connect()
  try {
    // The views re-bind on every query: keep Parquet footers cached, and skip re-validating
    // them, since committed files are immutable (a replay rewrites a name with the same bytes,
    // and compaction writes new names).
    await admin.run('SET parquet_metadata_cache = true')
    await admin.run("SET validate_external_file_cache = 'NO_VALIDATION'")
    // Order matters: allowed_directories must be set while external access is still enabled.
    await admin.run(`SET allowed_directories = [${quoteLiteral(withTrailingSep(options.dataDir))}]`)
    await admin.run('SET enable_external_access = false')
    await admin.run('SET lock_configuration = true')
    const connections: DuckDBConnection[] = []
    for (let i = 0; i < options.poolSize; i++) connections.push(await instance.connect())
    const pool = new ConnectionPool(
      connections,
      options.maxQueue,
      (c) => c.closeSync(),
      (c) => c.interrupt(),
    )
    return {
      instance,
      admin,
      pool,
      async close() {
        await pool.close()
        admin.closeSync()
        instance.closeSync()
      },
    }
  } catch (err) {
    admin.closeSync()
    instance.closeSync()
    throw err
  }
}

// Without the separator, '/srv/data' would also admit the sibling '/srv/data-private'.
function withTrailingSep(dir: string): string {
  return dir.endsWith(sep) ? dir : dir + sep
}
