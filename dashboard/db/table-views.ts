/**
 * Keeps the DuckDB views `incidents`, `hourly_summary` and `alerts` in step with the committed
 * files. Before a query, `ensureFresh()` stats each `_manifest.json` (cheap, throttled) and only
 * when one changed re-reads it and replaces that view, so a reader always sees exactly one
 * committed set of files. `watch()` polls in the background and notifies subscribers (the live
 * stream) of each change.
 */
import { join } from 'node:path'
import type { DuckDBConnection } from '@duckdb/node-api'
import type { Logger } from 'pino'
import { manifestSignature, readManifest } from './manifest.ts'
import { tableNames, type TableName } from '../../topology/tables.ts'
import { viewSql } from './view-sql.ts'

export interface TableState {
  table: TableName
  /** Whether a manifest exists. */
  committed: boolean
  /** `updated_at` of the manifest, epoch ms. */
  updatedAt: number | null
  files: number
  /** Why the last refresh failed; the previous view stays in place meanwhile. */
  error: string | null
}

export interface TableViewsOptions {
  dataDir: string
  /** Minimum time between two manifest checks, in ms. */
  minCheckIntervalMs: number
  logger: Logger
}

const defaultTableViewsOptions = { minCheckIntervalMs: 100 } satisfies Partial<TableViewsOptions>

export class TableViews {
  readonly #admin: DuckDBConnection
  readonly #options: TableViewsOptions
  readonly #signatures = new Map<TableName, string>()
  readonly #states = new Map<TableName, TableState>()
  readonly #listeners = new Set<(version: number) => void>()
  #version = 0
  #checkedAt = -Infinity
  #inFlight: Promise<void> | undefined
  #timer: NodeJS.Timeout | undefined

  constructor(
    admin: DuckDBConnection,
    options: Partial<TableViewsOptions> & { dataDir: string; logger: Logger },
  ) {
    this.#admin = admin
    this.#options = { ...defaultTableViewsOptions, ...options }
  }

  /** Monotonic counter, bumped whenever a view changed. */
  get version(): number {
    return this.#version
  }

  states(): TableState[] {
    return tableNames.map((t) => this.#states.get(t) ?? emptyState(t))
  }

  /** Refreshes views whose manifest changed; concurrent callers share one check. */
  async ensureFresh(force = false): Promise<void> {
    if (!force && performance.now() - this.#checkedAt < this.#options.minCheckIntervalMs) return
    this.#inFlight ??= this.#check().finally(() => {
      this.#checkedAt = performance.now()
      this.#inFlight = undefined
    })
    return this.#inFlight
  }

  /** Calls `listener(version)` after each change; returns the unsubscribe function. */
  subscribe(listener: (version: number) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Polls the manifests every `intervalMs` until `close()`. */
  watch(intervalMs: number): void {
    this.#timer ??= setInterval(() => {
      this.ensureFresh().catch((err: unknown) =>
        this.#options.logger.error({ err }, 'view refresh failed'),
      )
    }, intervalMs)
    this.#timer.unref()
  }

  /** Stops polling; resolves once a check still running has finished with the connection. */
  async close(): Promise<void> {
    clearInterval(this.#timer)
    this.#timer = undefined
    this.#listeners.clear()
    await this.#inFlight?.catch(() => undefined)
  }

  async #check(): Promise<void> {
    let changed = false
    for (const table of tableNames) {
      const dir = join(this.#options.dataDir, table)
      const signature = await manifestSignature(dir).catch((err: unknown) => `error:${String(err)}`)
      if (this.#signatures.get(table) === signature) continue
      changed = (await this.#refresh(table, signature)) || changed
    }
    if (!changed) return
    this.#version += 1
    for (const listener of this.#listeners) listener(this.#version)
  }

  async #refresh(table: TableName, signature: string): Promise<boolean> {
    const previous = this.#states.get(table)
    try {
      const manifest = await readManifest(this.#options.dataDir, table)
      const files = manifest.state === 'ok' ? manifest.files : []
      await this.#admin.run(viewSql(table, files))
      this.#signatures.set(table, manifest.signature)
      this.#states.set(table, {
        table,
        committed: manifest.state === 'ok',
        updatedAt: manifest.state === 'ok' ? manifest.updatedAt : null,
        files: files.length,
        error: null,
      })
      this.#options.logger.debug({ table, files: files.length }, 'view refreshed')
      return true
    } catch (err) {
      // Keep serving the last good view; report the problem through health.
      const message = err instanceof Error ? err.message : String(err)
      this.#signatures.set(table, signature)
      this.#states.set(table, { ...(previous ?? emptyState(table)), error: message })
      this.#options.logger.warn({ err, table }, 'view refresh failed; keeping the previous view')
      if (!previous) await this.#admin.run(viewSql(table, []))
      return false
    }
  }
}

function emptyState(table: TableName): TableState {
  return { table, committed: false, updatedAt: null, files: 0, error: null }
}
