import { describe, expect, it } from 'vitest'
import { diskFillingTiming as t } from './disk-filling.ts'
import { gapViolations, plansOf, signature } from './scenario-test-kit.ts'

const plans = plansOf('disk-filling')

describe('disk-filling', () => {
  it('climbs disk thresholds on backup-service, slows down, then corrupts data', () => {
    const shape =
      /^(RT:backup-service ){5,8}PD:backup-service (DC:backup-service ){1,2}ID:backup-service $/
    for (const plan of plans) expect(signature(plan)).toMatch(shape)
  })

  it('fills one disk towards the top of the range and corrupts the backup database there', () => {
    for (const { events, truth } of plans) {
      const thresholds = events.filter((e) => e.action === 'resource_threshold')
      const disk = thresholds.map((e) => e.fields.disk_pct ?? 0)
      expect(disk).toEqual([...disk].sort((a, b) => a - b))
      expect(disk.at(-1)).toBeGreaterThanOrEqual(96)
      const systems = new Set(events.map((e) => e.fields.system_id).filter(Boolean))
      expect(systems.size).toBe(1)
      const corrupted = events.filter((e) => e.action === 'data_corruption')
      expect(corrupted.every((e) => e.fields.database === 'backup_db')).toBe(true)
      expect(truth).toMatchObject({
        root_service: 'backup-service',
        root_category: 'Data Corruption',
        affected_services: ['backup-service'],
      })
    }
  })

  it('keeps every gap in its documented range', () => {
    const ranges = {
      'RT>RT': t.threshold,
      'RT>PD': t.degradation,
      'PD>DC': t.degradation,
      'DC>DC': t.corruption,
      'DC>ID': t.detect,
    }
    expect(plans.flatMap((plan) => gapViolations(plan, ranges))).toEqual([])
  })
})
