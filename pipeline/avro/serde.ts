/**
 * Confluent wire-format serde over avsc: a magic byte 0, the writer schema's 4-byte id, then the
 * Avro binary body. Writer schema ids come from the registry and are cached; decoding looks the
 * writer schema up by its id and resolves it against the reader's schema, so readers and writers
 * can evolve independently under BACKWARD compatibility.
 */
import avro from 'avsc'
import { DecodeError, RegistryError } from './errors.ts'
import type { RegistryClient } from './registry-client.ts'

const MAGIC = 0
const HEADER = 5

/** Options of `createSerde`. */
export interface SerdeOptions {
  registry: RegistryClient
}

/** Encodes values of one subject's registered writer schema in the wire format. */
export interface Encoder<T> {
  /** Registry id of the writer schema, written into every buffer. */
  readonly schemaId: number
  encode(value: T): Buffer
}

/** Decodes wire-format buffers into values of one reader schema. */
export interface Decoder<T> {
  /** Decodes many buffers, fetching unknown writer schemas once. Failures are returned, not thrown. */
  decodeBatch(buffers: readonly Buffer[]): Promise<Array<T | DecodeError>>
  /** Decodes one buffer; throws a DecodeError when it cannot. */
  decode(buffer: Buffer): Promise<T>
}

/** A type with the exact schema text to register (docs included), or a bare type. */
export type WriterSchema = avro.Type | { type: avro.Type; text: string }

/** Makes encoders and decoders sharing one registry and writer-schema cache; see `createSerde`. */
export interface Serde {
  /** Registers `schema` under `subject`, then encodes with it. */
  encoder<T>(subject: string, schema: WriterSchema): Promise<Encoder<T>>
  decoder<T>(reader: avro.Type): Decoder<T>
}

/** Reads the schema id of a wire-format buffer, or undefined when the framing is wrong. */
export function wireSchemaId(buffer: Buffer): number | undefined {
  if (buffer.length < HEADER || buffer[0] !== MAGIC) return undefined
  return buffer.readUInt32BE(1)
}

/** Frames an Avro body with the magic byte and schema id. */
export function frame(schemaId: number, body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(HEADER + body.length)
  out[0] = MAGIC
  out.writeUInt32BE(schemaId, 1)
  body.copy(out, HEADER)
  return out
}

/**
 * @example
 * const serde = createSerde({ registry })
 * const enc = await serde.encoder('incidents-value', loadSchema('incident-log-event'))
 * const dec = serde.decoder(loadSchema('incident-log-event').type)
 * await dec.decode(enc.encode(event))
 */
export function createSerde({ registry }: SerdeOptions): Serde {
  const writers = new Map<number, Promise<avro.Type | undefined>>()

  function writerType(id: number): Promise<avro.Type | undefined> {
    let pending = writers.get(id)
    if (!pending) {
      pending = registry.schemaById(id).then(
        (text) => avro.Type.forSchema(JSON.parse(text) as avro.Schema),
        (error: unknown) => {
          writers.delete(id)
          if (error instanceof RegistryError && error.status === 404) return undefined
          throw error
        },
      )
      writers.set(id, pending)
    }
    return pending
  }

  return {
    async encoder<T>(subject: string, schema: WriterSchema): Promise<Encoder<T>> {
      const { type, text } =
        schema instanceof avro.Type
          ? // exportAttrs keeps field defaults, without which no evolution is compatible.
            { type: schema, text: JSON.stringify(schema.schema({ exportAttrs: true })) }
          : schema
      const schemaId = await registry.register(subject, text)
      writers.set(schemaId, Promise.resolve(type))
      return { schemaId, encode: (value: T) => frame(schemaId, type.toBuffer(value)) }
    },

    decoder: <T>(reader: avro.Type): Decoder<T> => createDecoder<T>(reader, writerType),
  }
}

/** Decodes one framed buffer's body with the reader type, resolving from the writer if needed. */
function decodeBody<T>(
  reader: avro.Type,
  buffer: Buffer,
  resolver: avro.Resolver | undefined,
): T | DecodeError {
  try {
    const { value, offset } = reader.decode(buffer, HEADER, resolver)
    if (offset !== buffer.length) {
      return new DecodeError(
        'schema_mismatch',
        `Avro body does not match its schema (${offset} of ${buffer.length} bytes read)`,
      )
    }
    return value as T
  } catch (cause) {
    return new DecodeError('schema_mismatch', 'Avro body does not match its schema', cause)
  }
}

/** A decoder for one reader type; `writerType` looks writer schemas up by id (cached). */
function createDecoder<T>(
  reader: avro.Type,
  writerType: (id: number) => Promise<avro.Type | undefined>,
): Decoder<T> {
  const resolvers = new Map<number, avro.Resolver | undefined>()
  const readerFor = async (id: number): Promise<avro.Resolver | undefined | DecodeError> => {
    if (resolvers.has(id)) return resolvers.get(id)
    const writer = await writerType(id)
    if (!writer) return new DecodeError('unknown_schema', `unknown schema id ${id}`)
    try {
      // Same schema: decode directly, a resolver would only slow the hot path down.
      const resolver = writer.equals(reader) ? undefined : reader.createResolver(writer)
      resolvers.set(id, resolver)
      return resolver
    } catch (cause) {
      return new DecodeError(
        'schema_mismatch',
        `schema id ${id} cannot be read as ${reader.name}`,
        cause,
      )
    }
  }

  const decodeBatch = async (buffers: readonly Buffer[]): Promise<Array<T | DecodeError>> => {
    const ids = new Set<number>()
    for (const buffer of buffers) {
      const id = wireSchemaId(buffer)
      if (id !== undefined && !resolvers.has(id)) ids.add(id)
    }
    const lookups = new Map<number, avro.Resolver | undefined | DecodeError>()
    for (const id of ids) lookups.set(id, await readerFor(id))
    return buffers.map((buffer) => {
      const id = wireSchemaId(buffer)
      if (id === undefined) {
        return new DecodeError(
          'undecodable',
          'not in the Confluent wire format (magic byte 0 + schema id)',
        )
      }
      const resolver = resolvers.has(id) ? resolvers.get(id) : lookups.get(id)
      if (resolver instanceof DecodeError) return resolver
      return decodeBody<T>(reader, buffer, resolver)
    })
  }

  return {
    decodeBatch,
    async decode(buffer) {
      const [result] = await decodeBatch([buffer])
      if (result instanceof DecodeError) throw result
      return result as T
    },
  }
}
