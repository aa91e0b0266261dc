/**
 * Builds the `CREATE OR REPLACE VIEW` statement of one table: an explicit, typed column list over
 * `read_parquet([...committed files...])`, or the same columns over zero rows when nothing is
 * committed yet, so queries and the dashboard work against an empty data directory. Files are
 * matched by column name, so files written before a field was added to the contract read it as
 * NULL.
 */
import { quoteIdent, quoteLiteral } from '@incident-pipeline/dataflow/sinks'
import { hiveColumns, tableColumns } from './table-columns.ts'
import { type TableName } from '../../topology/tables.ts'

/**
 * @example
 * viewSql('incidents', ['/data/incidents/date=2026-11-28/hour=03/p0-1.parquet'])
 */
export function viewSql(table: TableName, files: readonly string[]): string {
  const columns = [...tableColumns(table), ...hiveColumns]
  const head = `CREATE OR REPLACE VIEW ${quoteIdent(table)} AS SELECT `
  if (files.length === 0) {
    const nulls = columns.map((c) => `CAST(NULL AS ${c.type}) AS ${quoteIdent(c.name)}`)
    return `${head}${nulls.join(', ')} WHERE false`
  }
  // Casts to the contract's types are no-ops when the file already matches, so filters and
  // partition pruning still push down into the scan.
  const casts = columns.map(
    (c) => `CAST(${quoteIdent(c.name)} AS ${c.type}) AS ${quoteIdent(c.name)}`,
  )
  const hiveTypes = hiveColumns.map((c) => `${quoteLiteral(c.name)}: ${c.type}`).join(', ')
  const list = files.map(quoteLiteral).join(', ')
  return (
    `${head}${casts.join(', ')} FROM read_parquet([${list}], ` +
    `hive_partitioning = true, hive_types = {${hiveTypes}}, union_by_name = true)`
  )
}
