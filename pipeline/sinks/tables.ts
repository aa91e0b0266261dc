/**
 * The three tables the sink writes, each fed by one committed output topic: which Avro contract
 * its records follow and which timestamp field decides the hive partition (docs/data-layout.md).
 */
import type { SchemaName } from '../../schemas/catalog.ts'
import { defaultTopicNames } from '../kafka/topics.ts'

export type TableName = 'incidents' | 'hourly_summary' | 'alerts'

export const tableNames: readonly TableName[] = ['incidents', 'hourly_summary', 'alerts']

export type FileFormat = 'parquet' | 'csv'

export const fileFormats: readonly FileFormat[] = ['parquet', 'csv']

export interface SinkTableSpec {
  readonly table: TableName
  readonly schema: SchemaName
  /** The timestamp-millis field whose UTC date and hour name the partition directory. */
  readonly timeField: string
}

export const tableSpecs: Readonly<Record<TableName, SinkTableSpec>> = {
  incidents: { table: 'incidents', schema: 'enriched-incident', timeField: 'event_time' },
  hourly_summary: { table: 'hourly_summary', schema: 'hourly-summary', timeField: 'window_start' },
  alerts: { table: 'alerts', schema: 'alert', timeField: 'window_start' },
}

/** The topic each table reads by default; `null` in the options switches a table off. */
export const defaultTableTopics = {
  incidents: defaultTopicNames.enriched,
  hourly_summary: defaultTopicNames.hourlySummaries,
  alerts: defaultTopicNames.alerts,
} satisfies Record<TableName, string>
