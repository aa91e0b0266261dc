/**
 * The error family. Every error raised on purpose, by the engine and by apps built on it, is a
 * `CodedError`: a stable `code`, a `retriable` flag and the `cause` it wraps, so runners can
 * decide between retrying, aborting a transaction and failing, and an HTTP layer can map them to
 * status codes in one place. The pipeline layer's own errors are `PipelineError`s.
 */

export interface CodedErrorOptions {
  readonly cause?: unknown
  readonly retriable?: boolean
}

/**
 * Base of every error raised on purpose.
 *
 * @example
 * class QuotaError extends CodedError {
 *   constructor(message: string) { super('QUOTA', message, { retriable: true }) }
 * }
 */
export class CodedError extends Error {
  readonly code: string
  readonly retriable: boolean

  constructor(code: string, message: string, options: CodedErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.code = code
    this.retriable = options.retriable ?? false
  }
}

/** The codes of `PipelineError`s, one per subclass. */
export type PipelineErrorCode =
  'INVALID_OPTION' | 'INVALID_PIPELINE' | 'STEP_FAILED' | 'INVALID_STATE'

export type PipelineErrorOptions = CodedErrorOptions

/** Base class of every error the pipeline layer throws. */
export class PipelineError extends CodedError {
  declare readonly code: PipelineErrorCode

  constructor(code: PipelineErrorCode, message: string, options: PipelineErrorOptions = {}) {
    super(code, message, options)
  }
}

/** An option or config value is invalid; the message names the value (`invalid grace: -5m`). */
export class ConfigError extends PipelineError {
  constructor(message: string, options: PipelineErrorOptions = {}) {
    super('INVALID_OPTION', message, options)
  }
}

/** The pipeline graph is malformed: duplicate step names, a combine without windows, ... */
export class PipelineDefinitionError extends PipelineError {
  constructor(message: string) {
    super('INVALID_PIPELINE', message)
  }
}

/** Where the element that made a step fail came from. */
export interface StepErrorOrigin {
  readonly source: string
  readonly partition: number
  readonly offset: number
}

/** A step's function threw (or misbehaved) while processing one element. */
export class StepError extends PipelineError {
  readonly step: string
  readonly origin: StepErrorOrigin

  constructor(step: string, origin: StepErrorOrigin, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause)
    const where =
      origin.partition < 0
        ? 'window output'
        : `${origin.source}/${origin.partition}@${origin.offset}`
    super('STEP_FAILED', `step '${step}' failed on ${where}: ${detail}`, { cause })
    this.step = step
    this.origin = { source: origin.source, partition: origin.partition, offset: origin.offset }
  }
}

/** A state snapshot or changelog record cannot be restored into this pipeline. */
export class StateError extends PipelineError {
  constructor(message: string, options: PipelineErrorOptions = {}) {
    super('INVALID_STATE', message, options)
  }
}
