/**
 * `npm run dashboard -- [--host] [--port] [--data-dir] [--metrics-url] [--help]`: serves the
 * dashboard until SIGTERM or SIGINT, then shuts down gracefully. Flags win over environment
 * variables (see `--help`); the token is read from DASHBOARD_TOKEN only and never logged.
 */
import { ConfigError } from '@incident-pipeline/dataflow'
import { type ServiceMap } from '../transforms/service-map.ts'
import { loadServiceMap } from '../config/service-map-file.ts'
import { createAnalyzerFromEnv } from './analysis/index.ts'
import { cliUsage, configFromArgs } from './config.ts'
import { createLogger } from './logger.ts'
import { startDashboard } from './server.ts'

async function main(): Promise<number> {
  let config
  let serviceMap: ServiceMap
  try {
    config = configFromArgs(process.argv.slice(2), process.env)
    if (config === undefined) {
      process.stdout.write(cliUsage)
      return 0
    }
    serviceMap = loadServiceMap(config.serviceMapPath)
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`dashboard: ${err.message}\n`)
      return 2
    }
    throw err
  }
  const logger = createLogger('dashboard', config.logLevel)
  const server = await startDashboard(config, {
    logger,
    serviceMap,
    analyzer: createAnalyzerFromEnv(process.env, { logger, map: serviceMap }),
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
