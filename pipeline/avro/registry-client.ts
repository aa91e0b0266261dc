/**
 * A thin client for the Confluent-compatible schema registry API (Confluent Schema Registry,
 * or Apicurio's `/apis/ccompat/v7`). It registers schemas, looks them up by id and manages a
 * subject's compatibility level. Every call has a timeout and fails with a RegistryError that
 * says which URL answered what.
 */
import { RegistryError } from './errors.ts'

/** A subject's compatibility level in the registry. */
export type Compatibility = 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FULL' | 'NONE'

/** Options of `createRegistryClient`. */
export interface RegistryClientOptions {
  /** Base URL of the Confluent-compatible API; trailing slashes are dropped. */
  url: string
  /** Timeout of each request, ms; 5000 by default. */
  timeoutMs?: number
}

const defaultRegistryClientOptions = { timeoutMs: 5_000 } satisfies Partial<RegistryClientOptions>

/** A schema-registry client, built by `createRegistryClient`. */
export interface RegistryClient {
  readonly url: string
  /** Registers an Avro schema under `subject`, returns its id; tries 3 times on a 409 conflict. */
  register(subject: string, schema: string): Promise<number>
  /** The schema text with this id. */
  schemaById(id: number): Promise<string>
  setCompatibility(subject: string, level: Compatibility): Promise<void>
  /** Whether `schema` is compatible with the subject's latest version; true for a new subject. */
  isCompatible(subject: string, schema: string): Promise<boolean>
}

/** Registrations tried on a 409 conflict before it is taken as final. */
const REGISTER_ATTEMPTS = 3

/**
 * @example
 * const registry = createRegistryClient({ url: 'http://127.0.0.1:8081/apis/ccompat/v7' })
 * const id = await registry.register('incidents-value', schemaText)
 */
export function createRegistryClient(options: RegistryClientOptions): RegistryClient {
  const { url, timeoutMs } = { ...defaultRegistryClientOptions, ...options }
  const base = url.replace(/\/+$/, '')

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const target = `${base}${path}`
    let response: Response
    try {
      response = await fetch(target, {
        method,
        headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (cause) {
      throw new RegistryError(`schema registry unreachable at ${base}`, { cause, retriable: true })
    }
    const text = await response.text()
    if (!response.ok) {
      throw new RegistryError(
        `${method} ${target} answered ${response.status}: ${text.slice(0, 300)}`,
        {
          retriable: response.status >= 500,
          status: response.status,
        },
      )
    }
    return JSON.parse(text) as T
  }

  return {
    url: base,
    async register(subject, schema) {
      const path = `/subjects/${encodeURIComponent(subject)}/versions`
      const body = { schema, schemaType: 'AVRO' }
      // Two instances creating the same subject at once: Apicurio answers the loser 409 ("already
      // exists"), and registering again returns the id. An incompatible schema stays 409.
      for (let attempt = 1; ; attempt++) {
        try {
          return (await call<{ id: number }>('POST', path, body)).id
        } catch (error) {
          const conflict = error instanceof RegistryError && error.status === 409
          if (!conflict || attempt >= REGISTER_ATTEMPTS) throw error
          await new Promise((resolve) => setTimeout(resolve, 50 * attempt))
        }
      }
    },
    async schemaById(id) {
      const { schema } = await call<{ schema: string }>('GET', `/schemas/ids/${id}`)
      return schema
    },
    async setCompatibility(subject, level) {
      await call('PUT', `/config/${encodeURIComponent(subject)}`, { compatibility: level })
    },
    async isCompatible(subject, schema) {
      const path = `/compatibility/subjects/${encodeURIComponent(subject)}/versions/latest`
      try {
        const result = await call<{ is_compatible: boolean }>('POST', path, {
          schema,
          schemaType: 'AVRO',
        })
        return result.is_compatible
      } catch (error) {
        if (error instanceof RegistryError && error.status === 404) return true
        throw error
      }
    },
  }
}
