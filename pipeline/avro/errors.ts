/**
 * Errors of the Avro and schema-registry layer. Each carries a stable code, whether a retry can
 * help, and the underlying cause, like the pipeline's own error family.
 */
export interface SchemaErrorOptions {
  cause?: unknown
  retriable?: boolean
  status?: number
}

export class SchemaError extends Error {
  readonly code: string
  readonly retriable: boolean
  constructor(code: string, message: string, options: SchemaErrorOptions = {}) {
    super(message, { cause: options.cause })
    this.name = new.target.name
    this.code = code
    this.retriable = options.retriable ?? false
  }
}

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
