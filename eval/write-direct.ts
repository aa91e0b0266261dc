/**
 * The evaluation's quick path, without a broker: the topology's own parse and enrich transforms
 * applied in-process, and the rows committed as Parquet files in the sink's layout by the fixture
 * writer; then its alert rules over the enriched rows, and their alerts committed in place of the
 * fixture writer's. Partitions and offsets are made up (round robin over three partitions); the
 * analysis never reads them.
 */
import type { EventItem } from '../generator/generate-events.ts'
import { tableColumns } from '../dashboard/db/table-columns.ts'
import { type FixtureIncident, writeFixtures } from '../testing/fixtures/write-fixtures.ts'
import { enrichIncident } from '../transforms/enrich-incident.ts'
import type { EnrichedIncident } from '../transforms/incident-types.ts'
import { parseIncident } from '../transforms/parse-incident.ts'
import { directAlerts } from './direct-alerts.ts'
import { writeAlertsTable } from './write-alerts-table.ts'

const columns = new Set(tableColumns('incidents').map((c) => c.name))

/** The enriched record the topology would make of an item. */
const enriched = (item: EventItem, offset: number): EnrichedIncident =>
  enrichIncident(parseIncident(item.event, item.eventTime), { partition: offset % 3, offset })

/** The incidents-table row the topology would write for an enriched record. */
const directRow = (record: EnrichedIncident): FixtureIncident =>
  Object.fromEntries(Object.entries(record).filter(([k]) => columns.has(k))) as FixtureIncident

/**
 * @example
 * const { alerts } = await writeDirect(dataDir, input.flatMap((k) => k.items))
 */
export async function writeDirect(
  dataDir: string,
  items: readonly EventItem[],
): Promise<{ alerts: number }> {
  const records = items.map(enriched)
  await writeFixtures({
    dataDir,
    incidents: 0,
    extraIncidents: records.map(directRow),
    uncommitted: false,
    formats: ['parquet'],
  })
  const alerts = await directAlerts(records)
  await writeAlertsTable(dataDir, alerts)
  return { alerts: alerts.length }
}
