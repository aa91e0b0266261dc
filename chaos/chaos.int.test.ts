import { tmpdir } from 'node:os'
import { describe, expect, it } from 'vitest'
import { createLogger } from '@incident-pipeline/dataflow'
import { testConnection } from '@incident-pipeline/dataflow/testing'
import { runChaos } from './run-chaos.ts'

describe('chaos (CI size)', () => {
  it(
    'keeps every output exactly once through SIGKILLs, a second instance and a broker restart',
    { timeout: 900_000 },
    async () => {
      const report = await runChaos({
        events: 40_000,
        kills: 3,
        seed: 7,
        idleTimeout: '2s',
        secondInstance: true,
        restartBroker: true,
        workDir: tmpdir(),
        connection: testConnection(),
        log: createLogger('chaos', 'warn'),
      })
      expect(report.verdicts.filter((v) => !v.ok)).toEqual([])
      expect(report.kills).toBe(3)
      expect(report.brokerRestarts).toBe(1)
      expect(report.verdicts).toHaveLength(7)
    },
  )
})
