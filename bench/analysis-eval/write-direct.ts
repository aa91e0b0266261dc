/**
 * The evaluation's quick path, without a broker: the topology's own parse and enrich transforms
 * applied in-process, and the rows committed as Parquet files in the sink's layout by the fixture
 * writer. Partitions and offsets are made up (round robin over three partitions); the analysis
 * never reads them.
 */
import type { EventItem } from '../../generator/generate-events.ts'
import { tableColumns } from '../../dashboard/db/table-columns.ts'
import { type FixtureIncident, writeFixtures } from '../../dashboard/fixtures/write-fixtures.ts'
import { enrichIncident } from '../../transforms/enrich-incident.ts'
import { parseIncident } from '../../transforms/parse-incident.ts'

const columns = new Set(tableColumns('incidents').map((c) => c.name))

/** The incidents-table row the topology would write for an item. */
function directRow(item: EventItem, offset: number): FixtureIncident {
  const enriched = enrichIncident(parseIncident(item.event, item.eventTime), {
    partition: offset % 3,
    offset,
  })
  return Object.fromEntries(
    Object.entries(enriched).filter(([k]) => columns.has(k)),
  ) as FixtureIncident
}

/**
 * @example
 * await writeDirect(dataDir, input.flatMap((k) => k.items))
 */
export async function writeDirect(dataDir: string, items: readonly EventItem[]): Promise<void> {
  await writeFixtures({
    dataDir,
    incidents: 0,
    extraIncidents: items.map(directRow),
    uncommitted: false,
    formats: ['parquet'],
  })
}
