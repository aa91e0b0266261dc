/**
 * The alerts of the evaluation's quick path: the topology's own alert rules (the default config,
 * as `npm run topology` runs them) over the enriched rows on the in-memory runner, fed in the
 * order the rows were written over three partitions, and drained at the end of input so that
 * every window closes.
 */
import { inMemoryRunner, pipeline } from '@incident-pipeline/dataflow'
import { alertRules, type Alert, type AlertInput } from '../transforms/index.ts'

const partitions = 3
const batch = 10_000

/**
 * @example
 * const alerts = await directAlerts(enrichedRows)
 */
export async function directAlerts(rows: readonly AlertInput[]): Promise<Alert[]> {
  const p = pipeline()
  p.source<AlertInput>('enriched').apply(alertRules()).output('alerts')
  const runner = inMemoryRunner(p.build(), { partitions: { enriched: partitions } })
  try {
    for (let start = 0; start < rows.length; start += batch) {
      const records = rows.slice(start, start + batch).map((value, i) => ({
        partition: (start + i) % partitions,
        timestamp: value.event_time,
        value,
      }))
      await runner.feed('enriched', records)
    }
    await runner.drain()
    return (await runner.outputs<Alert>('alerts')).map((r) => r.value)
  } finally {
    await runner.close()
  }
}
