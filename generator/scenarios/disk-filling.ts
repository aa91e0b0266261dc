/**
 * A disk filling up on `backup-service`: resource thresholds whose disk usage climbs towards the
 * top of its range over several minutes, backups slowing down, then data corruption of the backup
 * database on the same system and a critical data-corruption incident.
 */
import { climb, createPlanBuilder, MINUTE, requireServices, SECOND } from './plan-builder.ts'
import type { ScenarioDefinition } from './scenario-types.ts'

const root = 'backup-service'

/** Gaps between the phases, ms. */
export const diskFillingTiming = {
  /** Between two disk thresholds (5 to 8 of them). */
  threshold: [45 * SECOND, 2 * MINUTE],
  /** From the last threshold to the slowdown, and from it to the first corruption. */
  degradation: [20 * SECOND, 90 * SECOND],
  /** Between two data corruptions (1 or 2). */
  corruption: [10 * SECOND, 60 * SECOND],
  /** From the last corruption to the incident. */
  detect: [15 * SECOND, 60 * SECOND],
} as const

export const diskFilling: ScenarioDefinition = {
  kind: 'disk-filling',
  summary: 'backup-service disk fills up, then data corruption',
  plan(random, map) {
    requireServices('disk-filling', map, [root])
    const t = diskFillingTiming
    const b = createPlanBuilder(random)

    const thresholds = random.int(5, 8)
    const disk = climb(random, thresholds, 82, 98)
    b.repeat(thresholds, t.threshold, (i) => {
      b.emit('resource_threshold', root, {
        cpu_pct: random.int(70, 85),
        memory_pct: random.int(75, 85),
        disk_pct: disk[i],
      })
    })
    b.wait(t.degradation)
    b.emit('performance_degradation', root)
    b.wait(t.degradation)
    const corruptions = random.int(1, 2)
    b.repeat(corruptions, t.corruption, () => {
      b.emit('data_corruption', root, { database: 'backup_db' })
    })
    b.wait(t.detect)
    b.emit('incident_detected', root, {
      category: 'Data Corruption',
      severity: 'Critical',
      assignee: 'ops.team',
    })
    return { rootService: root, rootCategory: 'Data Corruption', events: b.events() }
  },
}
