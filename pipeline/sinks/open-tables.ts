/**
 * Wires the sink's enabled tables at start-up: for each, the Avro contract's columns and row
 * mapper, a registry-backed decoder, and a TableWriter recovered from its manifest. The result
 * maps each source topic to its table, the routing the ingest step needs.
 */
import avro from 'avsc'
import { createRegistryClient } from '../avro/registry-client.ts'
import { createSerde } from '../avro/serde.ts'
import type { FileSinkOptions } from './options.ts'
import type { ParquetCsvWriter } from './parquet-csv-writer.ts'
import type { IngestTarget } from './record-ingest.ts'
import { columnsFromAvro, createRowMapper } from './row-mapping.ts'
import type { SinkLock } from './sink-lock.ts'
import type { SinkMetrics } from './sink-metrics.ts'
import { TableWriter } from './table-writer.ts'
import type { SinkTableSpec } from './tables.ts'

export interface OpenTablesContext {
  options: FileSinkOptions
  tables: readonly SinkTableSpec[]
  writer: ParquetCsvWriter
  lock: SinkLock
  metrics: SinkMetrics
}

/**
 * Opens (and recovers) every table; call only while holding the lock.
 *
 * @example
 * const targets = await openTables({ options, tables: options.tables, writer, lock, metrics })
 */
export async function openTables(ctx: OpenTablesContext): Promise<Map<string, IngestTarget>> {
  const { options: o } = ctx
  const serde = createSerde({ registry: createRegistryClient({ url: o.connection.registryUrl }) })
  const targets = new Map<string, IngestTarget>()
  for (const spec of ctx.tables) {
    const { table, topic } = spec
    // The schema text, not avsc's schema(): that drops attributes such as logicalType.
    const schema: unknown = JSON.parse(spec.schema)
    const type = avro.Type.forSchema(schema as avro.Schema)
    const columns = columnsFromAvro(schema)
    const writer = await TableWriter.open({
      spec,
      columns,
      topic,
      dataDir: o.dataDir,
      formats: o.formats,
      writer: ctx.writer,
      lock: ctx.lock,
      metrics: ctx.metrics,
      log: o.log,
      compaction: o.compaction,
      now: Date.now,
    })
    targets.set(topic, {
      table,
      writer,
      decoder: serde.decoder(type),
      mapRow: createRowMapper(columns, spec.timeField),
    })
  }
  return targets
}
