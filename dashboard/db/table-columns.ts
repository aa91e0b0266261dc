/**
 * The columns of the three output tables, derived from the Avro contracts in `schemas/`, so the
 * views have the right names and types even before the first file is committed. Avro types map
 * to DuckDB types through the file sink's own mapping (the engine's `columnsFromAvro`), so the views read the files with the types they were written with; the hive columns `date` and
 * `hour` come from the directory names.
 */
import { columnsFromAvro, duckDbTypes, kindOf } from '@incident-pipeline/dataflow/sinks'
import { loadSchema } from '../../schemas/catalog.ts'
import { tableContracts, type TableName } from '../../topology/tables.ts'

export interface Column {
  name: string
  /** DuckDB type name, e.g. `VARCHAR`, `TIMESTAMP`, `VARCHAR[]`. */
  type: string
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
    columns = avroToColumns(JSON.parse(loadSchema(tableContracts[table].schema).text))
    cache.set(table, columns)
  }
  return columns
}
