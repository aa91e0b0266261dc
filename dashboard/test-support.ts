/**
 * Test helpers (used only by `*.test.ts`): a dashboard over freshly written fixture data in a
 * unique temporary directory, with a silent logger, a fixed pipeline-health stub and the offline
 * analyzer, plus a request helper that speaks JSON.
 */
import { randomUUID } from 'node:crypto'
import { mkdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createOfflineAnalyzer } from './analysis/index.ts'
import { createApp } from './api/create-app.ts'
import { resolveConfig, type DashboardConfigInput } from './config.ts'
import { dbOptionsFrom, openDashboardDb, type DashboardDb } from './db/dashboard-db.ts'
import { writeFixtures, type WriteFixturesOptions } from '../testing/fixtures/write-fixtures.ts'
import { emptyHealth, type PipelineHealth } from './health/pipeline-health.ts'
import { silentLogger } from './logger.ts'

export const downPipeline: PipelineHealth = {
  ...emptyHealth(0),
  error: 'topology metrics unavailable: test stub',
}

export interface TestDashboard {
  app: ReturnType<typeof createApp>['app']
  hub: ReturnType<typeof createApp>['hub']
  db: DashboardDb
  dataDir: string
  close(): Promise<void>
}

/** A unique, empty data directory under the OS temp dir. */
export async function tempDataDir(): Promise<string> {
  const dir = join(tmpdir(), `dashboard-test-${randomUUID()}`)
  await mkdir(dir, { recursive: true })
  return dir
}

/**
 * @example
 * const t = await startTestDashboard({ fixtures: { incidents: 200 } })
 * const res = await t.app.request('/api/incidents')
 * await t.close()
 */
export async function startTestDashboard(
  o: {
    fixtures?: Partial<WriteFixturesOptions> | false
    config?: DashboardConfigInput
    healthIntervalMs?: number
  } = {},
): Promise<TestDashboard> {
  const dataDir = await tempDataDir()
  if (o.fixtures !== false) await writeFixtures({ dataDir, ...o.fixtures })
  // One SQL worker process per test dashboard keeps the suite light on two cores.
  const config = resolveConfig({
    dataDir,
    logLevel: 'silent',
    ...o.config,
    sql: { workers: 1, ...o.config?.sql },
  })
  const db = await openDashboardDb(dbOptionsFrom(config, silentLogger))
  const { app, hub } = createApp({
    config,
    db,
    logger: silentLogger,
    pipeline: { read: async () => downPipeline },
    analyzer: createOfflineAnalyzer(),
    healthIntervalMs: o.healthIntervalMs,
  })
  return {
    app,
    hub,
    db,
    dataDir,
    async close() {
      hub.closeAll()
      await db.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/** POSTs JSON to `/api/sql`. */
export function postSql(
  app: TestDashboard['app'],
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(
    app.request('/api/sql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }),
  )
}
