/**
 * The Avro contracts the pipeline speaks, loaded from the `.avsc` files beside this module.
 * Each entry pairs the parsed schema with an avsc type and the registry subject it is
 * registered under (TopicNameStrategy: `<topic>-value`).
 */
import { readFileSync } from 'node:fs'
import avro from 'avsc'

export type SchemaName =
  'incident-log-event' | 'enriched-incident' | 'hourly-summary' | 'alert' | 'dead-letter'

export const schemaNames: readonly SchemaName[] = [
  'incident-log-event',
  'enriched-incident',
  'hourly-summary',
  'alert',
  'dead-letter',
]

export interface SchemaEntry {
  name: SchemaName
  /** Canonical JSON text of the schema, as registered. */
  text: string
  type: avro.Type
}

const cache = new Map<SchemaName, SchemaEntry>()

/**
 * Loads one schema by file name.
 *
 * @example
 * const { type } = loadSchema('incident-log-event')
 * const bytes = type.toBuffer(event)
 */
export function loadSchema(name: SchemaName): SchemaEntry {
  const cached = cache.get(name)
  if (cached) return cached
  const raw: unknown = JSON.parse(readFileSync(new URL(`./${name}.avsc`, import.meta.url), 'utf8'))
  const type = avro.Type.forSchema(raw as avro.Schema)
  const entry = { name, text: JSON.stringify(raw), type }
  cache.set(name, entry)
  return entry
}
