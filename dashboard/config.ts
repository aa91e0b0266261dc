/**
 * Dashboard configuration: one zod schema (unknown keys rejected) fed from command-line flags
 * and environment variables, with defaults matching the original Streamlit app (port 8501). The
 * one cross-field rule lives here too: a server reachable beyond loopback must have a token.
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { ConfigError } from '@incident-pipeline/dataflow'
import { formatIssues } from './errors.ts'

const sqlSchema = z.strictObject({
  timeoutMs: z.number().int().min(10).max(600_000),
  maxRows: z.number().int().min(1).max(1_000_000),
  memoryLimit: z.string().regex(/^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i, 'e.g. 1GB'),
  threads: z.number().int().min(1).max(256),
  poolSize: z.number().int().min(1).max(64),
  maxQueue: z.number().int().min(0).max(100_000),
  /** Worker processes for user SQL, each with its own DuckDB; 0 runs it in the server. */
  workers: z.number().int().min(0).max(32),
})

export const dashboardConfigSchema = z.strictObject({
  host: z.string().min(1),
  port: z.number().int().min(0).max(65_535),
  dataDir: z.string().min(1),
  token: z.string().min(16, 'DASHBOARD_TOKEN must be at least 16 characters').optional(),
  metricsUrl: z.url({ protocol: /^https?$/ }),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  correlationWindowMinutes: z.number().int().min(1).max(1440),
  /** Most hops along the service map for correlation by map; 0: same service only. */
  correlationHops: z.number().int().min(0).max(10),
  /** Service dependency map file; the repository's `config/service-dependencies.json` if unset. */
  serviceMapPath: z.string().min(1).optional(),
  refreshIntervalMs: z.number().int().min(50).max(60_000),
  sql: sqlSchema,
})

export type DashboardConfig = z.infer<typeof dashboardConfigSchema>
export type SqlLimits = DashboardConfig['sql']

export const defaultDashboardConfig = {
  host: '127.0.0.1',
  port: 8501,
  dataDir: './data',
  metricsUrl: 'http://127.0.0.1:9464/metrics',
  logLevel: 'info',
  correlationWindowMinutes: 30,
  correlationHops: 2,
  refreshIntervalMs: 1000,
  sql: {
    timeoutMs: 10_000,
    maxRows: 10_000,
    memoryLimit: '1GB',
    threads: 2,
    poolSize: 4,
    maxQueue: 512,
    workers: 2,
  },
} satisfies Omit<DashboardConfig, 'token'>

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '')
  return h === 'localhost' || h === '::1' || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(h)
}

export type DashboardConfigInput = Partial<Omit<DashboardConfig, 'sql'>> & {
  sql?: Partial<SqlLimits>
}

/**
 * Merges `input` over the defaults, validates it, and resolves the data directory.
 *
 * @example
 * const config = resolveConfig({ port: 0, dataDir: '/tmp/data' })
 */
export function resolveConfig(input: DashboardConfigInput = {}): DashboardConfig {
  const merged = {
    ...defaultDashboardConfig,
    ...dropUndefined(input),
    sql: { ...defaultDashboardConfig.sql, ...dropUndefined(input.sql ?? {}) },
  }
  const parsed = dashboardConfigSchema.safeParse(merged)
  if (!parsed.success) {
    const issues = formatIssues(parsed.error.issues).join('; ')
    throw new ConfigError(`invalid dashboard configuration: ${issues}`)
  }
  const config = { ...parsed.data, dataDir: resolve(parsed.data.dataDir) }
  if (!isLoopback(config.host) && config.token === undefined) {
    throw new ConfigError(
      `refusing to bind ${config.host}: it is reachable beyond loopback, so DASHBOARD_TOKEN must be set`,
    )
  }
  return config
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}

export const cliUsage = `Usage: npm run dashboard -- [options]

Serves the incident dashboard (pages, REST API, read-only SQL) over the committed files.

Options (flag, then environment variable):
  --host <addr>          DASHBOARD_HOST         bind address (default 127.0.0.1)
  --port <n>             DASHBOARD_PORT         port (default 8501)
  --data-dir <dir>       DATA_DIR               data directory (default ./data)
  --metrics-url <url>    TOPOLOGY_METRICS_URL   topology Prometheus metrics
                                                (default http://127.0.0.1:9464/metrics)
  --log-level <level>    LOG_LEVEL              fatal|error|warn|info|debug|trace|silent
  --sql-timeout-ms <n>   SQL_TIMEOUT_MS         statement timeout (default 10000)
  --max-rows <n>         SQL_MAX_ROWS           row cap of /api/sql (default 10000)
  --memory-limit <size>  SQL_MEMORY_LIMIT       DuckDB memory_limit (default 1GB)
  --threads <n>          SQL_THREADS            DuckDB threads (default 2)
  --sql-workers <n>      SQL_WORKERS            processes that run /api/sql, each with its own
                                                DuckDB and memory limit; a statement past its
                                                timeout has its process killed (default 2;
                                                0 runs SQL in the server, without that guarantee)
  --correlation-window <min>  CORRELATION_WINDOW_MINUTES  ± minutes of correlation (default 30)
  --correlation-hops <n>      CORRELATION_HOPS      hops along the service map (default 2)
  --service-map <file>        SERVICE_MAP           dependency map
                                                (default config/service-dependencies.json)
  -h, --help                                    show this help
                         DASHBOARD_TOKEN        bearer token (env only; required beyond loopback)
`

/** Reads flags first, then environment variables. Returns `undefined` for `--help`. */
export function configFromArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): DashboardConfig | undefined {
  let values
  try {
    ;({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        'metrics-url': { type: 'string' },
        'log-level': { type: 'string' },
        'sql-timeout-ms': { type: 'string' },
        'max-rows': { type: 'string' },
        'memory-limit': { type: 'string' },
        threads: { type: 'string' },
        'sql-workers': { type: 'string' },
        'correlation-window': { type: 'string' },
        'correlation-hops': { type: 'string' },
        'service-map': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (cause) {
    throw new ConfigError(`${(cause as Error).message}\n\n${cliUsage}`, { cause })
  }
  if (values.help) return undefined
  const num = (name: string, raw: string | undefined): number | undefined => {
    if (raw === undefined || raw === '') return undefined
    const n = Number(raw)
    if (!Number.isFinite(n)) throw new ConfigError(`invalid ${name}: ${raw}`)
    return n
  }
  const token = env.DASHBOARD_TOKEN === '' ? undefined : env.DASHBOARD_TOKEN
  return resolveConfig({
    host: values.host ?? (env.DASHBOARD_HOST || undefined),
    port: num('port', values.port ?? env.DASHBOARD_PORT),
    dataDir: values['data-dir'] ?? (env.DATA_DIR || undefined),
    metricsUrl: values['metrics-url'] ?? (env.TOPOLOGY_METRICS_URL || undefined),
    logLevel: (values['log-level'] ?? (env.LOG_LEVEL || undefined)) as DashboardConfig['logLevel'],
    token,
    correlationWindowMinutes: num(
      'correlation window',
      values['correlation-window'] ?? env.CORRELATION_WINDOW_MINUTES,
    ),
    correlationHops: num('correlation hops', values['correlation-hops'] ?? env.CORRELATION_HOPS),
    serviceMapPath: values['service-map'] ?? (env.SERVICE_MAP || undefined),
    sql: {
      timeoutMs: num('sql timeout', values['sql-timeout-ms'] ?? env.SQL_TIMEOUT_MS),
      maxRows: num('max rows', values['max-rows'] ?? env.SQL_MAX_ROWS),
      memoryLimit: values['memory-limit'] ?? (env.SQL_MEMORY_LIMIT || undefined),
      threads: num('threads', values.threads ?? env.SQL_THREADS),
      workers: num('sql workers', values['sql-workers'] ?? env.SQL_WORKERS),
    },
  })
}
