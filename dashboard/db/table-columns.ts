/**
 * The columns of the three output tables, derived from the Avro contracts in `schemas/`, so the
 * views have the right names and types even before the first file is committed. Avro types map
 * to DuckDB types through the file sink's own mapping (pipeline/sinks/row-mapping.ts), so the
 * views read the files with the types they were written with; the hive columns `date` and
 * `hour` come from the directory names.
 */
import { readFileSync } from 'node:fs'
import { columnsFromAvro, duckDbTypes, kindOf } from '../../pipeline/sinks/row-mapping.ts'

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

/** DuckDB type of one Avro field type, as the file sink writes it. */
export function avroTypeToDuckDb(type: unknown): string {
  return duckDbTypes[kindOf(type, 'value').kind]
}

/** Columns of an Avro record schema, in field order. */
export function avroToColumns(schema: unknown): Column[] {
  return columnsFromAvro(schema).map((c) => ({ name: c.name, type: duckDbTypes[c.kind] }))
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
