/**
 * `npm run dashboard -- [--host] [--port] [--data-dir] [--metrics-url] [--help]`: serves the
 * dashboard until SIGTERM or SIGINT, then shuts down gracefully. Flags win over environment
 * variables (see `--help`); the token is read from DASHBOARD_TOKEN only and never logged.
 */
import { createAnalyzerFromEnv } from './analysis/index.ts'
import { cliUsage, configFromArgs } from './config.ts'
import { ConfigError } from './errors.ts'
import { createLogger } from './logger.ts'
import { startDashboard } from './server.ts'

async function main(): Promise<number> {
  let config
  try {
    config = configFromArgs(process.argv.slice(2), process.env)
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`dashboard: ${err.message}\n`)
      return 2
    }
    throw err
  }
  if (config === undefined) {
    process.stdout.write(cliUsage)
    return 0
  }
  const logger = createLogger('dashboard', config.logLevel)
  const server = await startDashboard(config, {
    logger,
    analyzer: createAnalyzerFromEnv(process.env, { logger }),
  })
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      logger.info({ signal }, 'signal received')
      resolve()
    }
    process.once('SIGTERM', stop)
    process.once('SIGINT', stop)
  })
  await server.close()
  logger.flush()
  return 0
}

process.exitCode = await main()
