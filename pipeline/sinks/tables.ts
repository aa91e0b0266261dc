/**
 * What the sink writes: tables, each fed by one committed topic whose records follow an Avro
 * record schema, partitioned into hive directories by one timestamp field (docs/data-layout.md).
 */

export type FileFormat = 'parquet' | 'csv'

/** Every file format the sink can write. */
export const fileFormats: readonly FileFormat[] = ['parquet', 'csv']

/**
 * One table of the sink.
 *
 * @example
 * const readings: SinkTableSpec = {
 *   table: 'readings',
 *   topic: 'sensors.readings',
 *   schema: readFileSync('reading.avsc', 'utf8'),
 *   timeField: 'measured_at',
 * }
 */
export interface SinkTableSpec {
  /** The table's directory under the data directory; letters, digits and `_`. */
  readonly table: string
  /** The committed topic the table reads. */
  readonly topic: string
  /** The Avro record schema of the topic's records, as JSON text (it keeps `logicalType`). */
  readonly schema: string
  /** The timestamp-millis field whose UTC date and hour name the partition directory. */
  readonly timeField: string
}
