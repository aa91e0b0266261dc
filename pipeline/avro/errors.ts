/**
 * Errors of the Avro and schema-registry layer. Each carries a stable code, whether a retry can
 * help, and the underlying cause: the engine's `CodedError` family.
 */
import { CodedError, type CodedErrorOptions } from '../errors.ts'

/** Options of the schema errors: a coded error's, plus the registry's HTTP status. */
export interface SchemaErrorOptions extends CodedErrorOptions {
  /** HTTP status the registry answered with, when it answered. */
  status?: number
}

/** Base of the Avro and registry errors. */
export class SchemaError extends CodedError {}

/** The registry could not be reached or refused a request. */
export class RegistryError extends SchemaError {
  readonly status: number | undefined
  constructor(message: string, options: SchemaErrorOptions = {}) {
    super('REGISTRY', message, options)
    this.status = options.status
  }
}

/** Bytes that are not a valid record for the expected contract. */
export class DecodeError extends SchemaError {
  readonly reason: 'undecodable' | 'unknown_schema' | 'schema_mismatch'
  constructor(reason: DecodeError['reason'], message: string, cause?: unknown) {
    super('DECODE', message, { cause })
    this.reason = reason
  }
}
