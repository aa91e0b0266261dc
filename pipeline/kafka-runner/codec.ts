/**
 * How a runner turns a source's or a sink's values into Kafka record values and back: Avro
 * through the registry for the incident topology, JSON for tests and internal topics.
 */
export interface Codec<T = unknown> {
  encode(value: T): Buffer
  /** Decodes many values at once; an Error element stands for a value that failed. */
  decodeBatch(values: readonly Buffer[]): Promise<Array<T | Error>>
}

/**
 * @example
 * const codec = jsonCodec<{ id: string }>()
 * codec.encode({ id: 'a' })
 */
export function jsonCodec<T = unknown>(): Codec<T> {
  return {
    encode: (value) => Buffer.from(JSON.stringify(value)),
    decodeBatch: async (values) =>
      values.map((bytes) => {
        try {
          return JSON.parse(bytes.toString('utf8')) as T
        } catch (error) {
          return error instanceof Error ? error : new Error(String(error))
        }
      }),
  }
}
