/**
 * Structured logging for every long-running command: JSON lines on stderr through pino, with
 * the level from LOG_LEVEL. Secrets never reach a log line: known secret keys are redacted.
 */
import { pino, type Logger as PinoLogger } from 'pino'

/** A pino logger, as `createLogger` returns it. */
export type Logger<
  CustomLevels extends string = never,
  UseOnlyCustomLevels extends boolean = boolean,
> = PinoLogger<CustomLevels, UseOnlyCustomLevels>

/**
 * @example
 * const log = createLogger('generator')
 * log.info({ rate: 1000 }, 'producing')
 */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino(
    {
      name,
      level,
      base: { pid: process.pid },
      redact: {
        paths: ['apiKey', '*.apiKey', 'GEMINI_API_KEY', '*.GEMINI_API_KEY', 'token', '*.token'],
        censor: '[redacted]',
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.destination({ dest: 2, sync: false }),
  )
}
