/**
 * Typed errors of the file sink. Each carries a stable `code`, a `retriable` flag (whether the sink
 * may retry the same step) and the `cause` it wraps. Non-retriable errors stop the sink: the
 * process should exit and restart, and recovery from the manifest makes the restart safe.
 */

import { CodedError, type CodedErrorOptions } from '../errors.ts'

/** The codes a `SinkError` carries. */
export type SinkErrorCode =
  | 'LOCK_LOST'
  | 'MANIFEST_INVALID'
  | 'MANIFEST_COMMIT'
  | 'OFFSET_RESET'
  | 'TOPIC_MISMATCH'
  | 'NAME_CONFLICT'
  | 'WRITE_FAILED'
  | 'DECODE_FAILED'
  | 'SOURCE_FAILED'
  | 'INVALID_STATE'

export type SinkErrorOptions = CodedErrorOptions

/** Base class of every error the file sink raises on purpose. */
export class SinkError extends CodedError {
  declare readonly code: SinkErrorCode

  constructor(code: SinkErrorCode, message: string, options: SinkErrorOptions = {}) {
    super(code, message, options)
  }
}

/** Another instance took the data directory's lock: this one must not write anything more. */
export class LockLostError extends SinkError {
  constructor(message: string, options: SinkErrorOptions = {}) {
    super('LOCK_LOST', message, options)
  }
}

/** A manifest cannot be read, or a commit of a new one failed or has an unknown outcome. */
export class ManifestError extends SinkError {
  constructor(
    code: 'MANIFEST_INVALID' | 'MANIFEST_COMMIT',
    message: string,
    options: SinkErrorOptions = {},
  ) {
    super(code, message, options)
  }
}
