/**
 * `@incident-pipeline/dataflow/avro`: Avro over a Confluent-compatible schema registry. A
 * registry client, and a serde that frames records in the Confluent wire format (magic byte,
 * schema id, Avro body) and decodes any registered writer schema into the reader's.
 *
 * @example
 * import { createRegistryClient, createSerde } from '@incident-pipeline/dataflow/avro'
 * const serde = createSerde({ registry: createRegistryClient({ url: 'http://127.0.0.1:8081' }) })
 */
export { DecodeError, RegistryError, SchemaError } from './errors.ts'
export type { SchemaErrorOptions } from './errors.ts'
export { createRegistryClient } from './registry-client.ts'
export type { Compatibility, RegistryClient, RegistryClientOptions } from './registry-client.ts'
export { createSerde, frame, wireSchemaId } from './serde.ts'
export type { Decoder, Encoder, Serde, SerdeOptions, WriterSchema } from './serde.ts'
