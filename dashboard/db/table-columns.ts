/**
 * The columns of the three output tables, derived from the Avro contracts in `schemas/`, so the
 * views have the right names and types even before the first file is committed. Avro types map
 * to DuckDB types the way docs/data-layout.md describes (timestamp-millis → TIMESTAMP, enums →
 * VARCHAR, arrays → lists); the hive columns `date` and `hour` come from the directory names.
 */
import { readFileSync } from 'node:fs'

export type TableName = 'incidents' | 'hourly_summary' | 'alerts'

export const tableNames: readonly TableName[] = ['incidents', 'hourly_summary', 'alerts']

export interface Column {
  name: string
  /** DuckDB type name, e.g. `VARCHAR`, `TIMESTAMP`, `VARCHAR[]`. */
  type: string
}

const schemaFiles: Record<TableName, string> = {
  incidents: 'enriched-incident.avsc',
  hourly_summary: 'hourly-summary.avsc',
  alerts: 'alert.avsc',
}

/** Hive partition columns every table has, typed explicitly rather than auto-detected. */
export const hiveColumns: readonly Column[] = [
  { name: 'date', type: 'DATE' },
  { name: 'hour', type: 'INTEGER' },
]

const primitive: Record<string, string> = {
  string: 'VARCHAR',
  int: 'INTEGER',
  long: 'BIGINT',
  float: 'FLOAT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  bytes: 'BLOB',
}

/** DuckDB type of one Avro field type. */
export function avroTypeToDuckDb(type: unknown): string {
  if (typeof type === 'string') {
    const mapped = primitive[type]
    if (mapped) return mapped
  } else if (Array.isArray(type)) {
    const branches = type.filter((t) => t !== 'null')
    if (branches.length === 1) return avroTypeToDuckDb(branches[0])
  } else if (typeof type === 'object' && type !== null) {
    const t = type as { type?: unknown; logicalType?: unknown; items?: unknown }
    if (t.logicalType === 'timestamp-millis') return 'TIMESTAMP'
    if (t.type === 'enum') return 'VARCHAR'
    if (t.type === 'array') return `${avroTypeToDuckDb(t.items)}[]`
    return avroTypeToDuckDb(t.type)
  }
  throw new TypeError(`unsupported Avro type: ${JSON.stringify(type)}`)
}

/** Columns of an Avro record schema, in field order. */
export function avroToColumns(schema: unknown): Column[] {
  const fields = (schema as { fields?: unknown }).fields
  if (!Array.isArray(fields)) throw new TypeError('not an Avro record schema: no fields')
  return fields.map((f: { name: string; type: unknown }) => ({
    name: f.name,
    type: avroTypeToDuckDb(f.type),
  }))
}

const cache = new Map<TableName, readonly Column[]>()

/** Data columns of `table` (without the hive columns), read once from its Avro schema. */
export function tableColumns(table: TableName): readonly Column[] {
  let columns = cache.get(table)
  if (!columns) {
    const url = new URL(`../../schemas/${schemaFiles[table]}`, import.meta.url)
    columns = avroToColumns(JSON.parse(readFileSync(url, 'utf8')))
    cache.set(table, columns)
  }
  return columns
}
