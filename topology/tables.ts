/**
 * The incident topology's output tables, in one place for the file sink that writes them and
 * the dashboard that reads them: which topic feeds each, which Avro contract its records follow
 * and which timestamp field decides the hive partition (docs/data-layout.md).
 */
import type { SinkTableSpec } from '@incident-pipeline/dataflow/sinks'
import { loadSchema, type SchemaName } from '../schemas/catalog.ts'
import { defaultTopicNames, type TopicNames } from './topics.ts'

export type TableName = 'incidents' | 'hourly_summary' | 'alerts'

export const tableNames: readonly TableName[] = ['incidents', 'hourly_summary', 'alerts']

export interface TableContract {
  readonly schema: SchemaName
  /** The timestamp-millis field whose UTC date and hour name the partition directory. */
  readonly timeField: string
  /** The topic, by its role in `TopicNames`, that feeds the table. */
  readonly topic: keyof TopicNames
}

export const tableContracts: Readonly<Record<TableName, TableContract>> = {
  incidents: { schema: 'enriched-incident', timeField: 'event_time', topic: 'enriched' },
  hourly_summary: { schema: 'hourly-summary', timeField: 'window_start', topic: 'hourlySummaries' },
  alerts: { schema: 'alert', timeField: 'window_start', topic: 'alerts' },
}

/** The topic each table reads under the default topic names. */
export const defaultTableTopics = Object.fromEntries(
  tableNames.map((table) => [table, defaultTopicNames[tableContracts[table].topic]]),
) as Readonly<Record<TableName, string>>

/**
 * The file sink's specs of `tables` under the topic names `names`.
 *
 * @example
 * createFileSink({ connection, dataDir, log, tables: sinkTables(defaultTopicNames) })
 */
export function sinkTables(
  names: TopicNames,
  tables: readonly TableName[] = tableNames,
): SinkTableSpec[] {
  return tables.map((table) => {
    const { schema, timeField, topic } = tableContracts[table]
    return { table, topic: names[topic], schema: loadSchema(schema).text, timeField }
  })
}
