/**
 * Reads the service dependency map from its file: `service-dependencies.json` beside this module
 * by default, or a file users give (`SERVICE_MAP`). The parsing and every graph question are the
 * pure `parseServiceMap` of transforms/service-map.ts.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { ConfigError } from '@incident-pipeline/dataflow'
import { parseServiceMap, type ServiceMap } from '../transforms/service-map.ts'

/** `config/service-dependencies.json` of this repository. */
export const defaultServiceMapPath = fileURLToPath(
  new URL('./service-dependencies.json', import.meta.url),
)

/**
 * Reads and validates a service map file; the repository's default map when no path is given.
 *
 * @example
 * const map = loadServiceMap()
 * map.upstreamOf('database') // ['auth-service', 'payment-service', ...]
 */
export function loadServiceMap(path: string = defaultServiceMapPath): ServiceMap {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new ConfigError(`cannot read service map ${path}: ${(error as Error).message}`, {
      cause: error,
    })
  }
  try {
    return parseServiceMap(text)
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new ConfigError(`${path}: ${error.message}`, { cause: error.cause ?? error })
    }
    throw error
  }
}
