/**
 * Pure mapping from a decoded Avro record to a table row. The columns are the Avro fields with
 * the same names and order; each gets a kind that decides how it is written: timestamp-millis
 * becomes a TIMESTAMP (UTC) in Parquet and ISO-8601 text in CSV, an array of strings a list in
 * Parquet and JSON text in CSV, enums plain text. The row also carries its partition time, the
 * table's time field, which picks the hive directory.
 */
import { isPartitionTime } from './file-naming.ts'

/** How a column is written, from its Avro field type. */
export type ColumnKind =
  'string' | 'int' | 'long' | 'float' | 'double' | 'boolean' | 'timestamp' | 'string-list'

/** The DuckDB type each column kind is written as (and read back as). */
export const duckDbTypes: Record<ColumnKind, string> = {
  string: 'VARCHAR',
  int: 'INTEGER',
  long: 'BIGINT',
  float: 'FLOAT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
  'string-list': 'VARCHAR[]',
}

/** One column of a table: the Avro field's name, its kind and whether it may be null. */
export interface ColumnSpec {
  readonly name: string
  readonly kind: ColumnKind
  readonly nullable: boolean
}

export type RowValue = string | number | boolean | readonly string[] | null

export interface MappedRow {
  readonly values: RowValue[]
  /** Epoch ms of the table's time field. */
  readonly partitionTime: number
}

const primitiveKinds: Record<string, ColumnKind> = {
  string: 'string',
  int: 'int',
  long: 'long',
  float: 'float',
  double: 'double',
  boolean: 'boolean',
}

/** The column kind of an Avro field type; `field` names it in the error. */
export function kindOf(type: unknown, field: string): { kind: ColumnKind; nullable: boolean } {
  if (typeof type === 'string' && primitiveKinds[type])
    return { kind: primitiveKinds[type], nullable: false }
  if (Array.isArray(type)) {
    const branches = type.filter((t) => t !== 'null')
    if (branches.length === 1)
      return { kind: kindOf(branches[0], field).kind, nullable: branches.length < type.length }
  } else if (typeof type === 'object' && type !== null) {
    const t = type as { type?: unknown; logicalType?: unknown; items?: unknown }
    if (t.logicalType === 'timestamp-millis' && t.type === 'long')
      return { kind: 'timestamp', nullable: false }
    if (t.type === 'enum') return { kind: 'string', nullable: false }
    if (t.type === 'array' && kindOf(t.items, field).kind === 'string')
      return { kind: 'string-list', nullable: false }
    if (typeof t.type === 'string' && t.logicalType === undefined) return kindOf(t.type, field)
  }
  throw new TypeError(`unsupported Avro type of field ${field}: ${JSON.stringify(type)}`)
}

/**
 * Columns of an Avro record schema, in field order.
 *
 * @example
 * columnsFromAvro(loadSchema('alert').type.schema())
 * // [{ name: 'alert_id', kind: 'string', nullable: false }, …]
 */
export function columnsFromAvro(schema: unknown): ColumnSpec[] {
  const fields = (schema as { fields?: unknown }).fields
  if (!Array.isArray(fields)) throw new TypeError('not an Avro record schema: no fields')
  return fields.map((f: { name: string; type: unknown }) => ({
    name: f.name,
    ...kindOf(f.type, f.name),
  }))
}

function checkValue(column: ColumnSpec, value: unknown): RowValue {
  if (value === null || value === undefined) {
    if (column.nullable) return null
    throw new TypeError(`field ${column.name} is null`)
  }
  const ok =
    column.kind === 'string'
      ? typeof value === 'string'
      : column.kind === 'boolean'
        ? typeof value === 'boolean'
        : column.kind === 'string-list'
          ? Array.isArray(value) && value.every((v) => typeof v === 'string')
          : column.kind === 'float' || column.kind === 'double'
            ? typeof value === 'number'
            : Number.isSafeInteger(value)
  if (!ok)
    throw new TypeError(`field ${column.name} is not a ${column.kind}: ${JSON.stringify(value)}`)
  return value as RowValue
}

export type RowMapper = (record: unknown) => MappedRow

/**
 * A mapper from decoded records to rows. It throws a TypeError naming the field when a record
 * does not fit the columns or its partition time cannot name a directory.
 *
 * @example
 * const toRow = createRowMapper(columnsFromAvro(schema), 'event_time')
 * const { values, partitionTime } = toRow(decodedIncident)
 */
export function createRowMapper(columns: readonly ColumnSpec[], timeField: string): RowMapper {
  const timeIndex = columns.findIndex((c) => c.name === timeField)
  if (timeIndex < 0 || columns[timeIndex]?.kind !== 'timestamp' || columns[timeIndex]?.nullable) {
    throw new TypeError(`time field ${timeField} is not a required timestamp-millis column`)
  }
  return (record) => {
    if (typeof record !== 'object' || record === null)
      throw new TypeError('record is not an object')
    const source = record as Record<string, unknown>
    const values = columns.map((column) => checkValue(column, source[column.name]))
    const partitionTime = values[timeIndex] as number
    if (!isPartitionTime(partitionTime))
      throw new TypeError(`${timeField} out of range: ${partitionTime}`)
    return { values, partitionTime }
  }
}
