/**
 * The sink tests' own table contracts: three Avro record schemas that between them use every
 * column kind the sink writes (strings, enums, nullable ints, longs, doubles, booleans,
 * timestamp-millis and string arrays), and the records of records.ts follow them.
 */
import type { SinkTableSpec } from '../../sinks/tables.ts'

const nullable = (type: string) => ['null', type]
const timestamp = { type: 'long', logicalType: 'timestamp-millis' }
const enumOf = (name: string, symbols: string[]) => ({ type: 'enum', name, symbols })

export const testSchemas = {
  event: {
    type: 'record',
    name: 'Event',
    namespace: 'dev.dataflow.test',
    fields: [
      { name: 'event_id', type: 'string' },
      { name: 'event_time', type: timestamp },
      { name: 'level', type: enumOf('Level', ['INFO', 'WARNING', 'ERROR']) },
      { name: 'message', type: 'string' },
      { name: 'incident_id', type: nullable('string') },
      { name: 'service', type: nullable('string') },
      { name: 'category', type: nullable('string') },
      { name: 'affected_users', type: nullable('int') },
      { name: 'cpu_pct', type: nullable('int') },
      { name: 'is_outage', type: 'boolean' },
      { name: 'source_partition', type: 'int' },
      { name: 'source_offset', type: 'long' },
    ],
  },
  summary: {
    type: 'record',
    name: 'Summary',
    namespace: 'dev.dataflow.test',
    fields: [
      { name: 'window_start', type: timestamp },
      { name: 'window_end', type: timestamp },
      { name: 'service', type: nullable('string') },
      { name: 'category', type: nullable('string') },
      { name: 'event_count', type: 'long' },
      { name: 'duration_mean', type: nullable('double') },
      { name: 'saw_late_input', type: 'boolean' },
    ],
  },
  alert: {
    type: 'record',
    name: 'Alert',
    namespace: 'dev.dataflow.test',
    fields: [
      { name: 'alert_id', type: 'string' },
      { name: 'rule', type: 'string' },
      { name: 'rule_kind', type: enumOf('RuleKind', ['threshold', 'anomaly']) },
      { name: 'key', type: 'string' },
      { name: 'window_start', type: timestamp },
      { name: 'window_end', type: timestamp },
      { name: 'count', type: 'long' },
      { name: 'threshold', type: 'double' },
      { name: 'sample_event_ids', type: { type: 'array', items: 'string' } },
      { name: 'fired_at', type: timestamp },
    ],
  },
} as const

export type TestSchema = keyof typeof testSchemas

/** The JSON text of a test schema, as the sink and the registry take it. */
export const schemaText = (name: TestSchema): string => JSON.stringify(testSchemas[name])

/**
 * The sink's spec of one test table.
 *
 * @example
 * createFileSink({ ...options, tables: [testTable('incidents', 'event', topic)] })
 */
export function testTable(table: string, schema: TestSchema, topic: string): SinkTableSpec {
  const timeField = schema === 'event' ? 'event_time' : 'window_start'
  return { table, topic, schema: schemaText(schema), timeField }
}
