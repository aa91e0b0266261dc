/**
 * The dashboard's structured logger: pino JSON lines on stderr, with secrets redacted wherever a
 * careless caller might put them (tokens, authorization headers, cookies).
 */
import { pino, type Logger } from 'pino'

export type { Logger }

const redact = [
  'token',
  '*.token',
  'config.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
]

/**
 * @example
 * const log = createLogger('dashboard', 'info')
 */
export function createLogger(name: string, level = 'info'): Logger {
  return pino(
    {
      name,
      level,
      base: { pid: process.pid },
      redact: { paths: redact, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.destination({ dest: 2, sync: false }),
  )
}

/** A logger that writes nothing, for tests and embedding. */
export const silentLogger: Logger = pino({ level: 'silent' })
