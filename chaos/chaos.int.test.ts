import { tmpdir } from 'node:os'
import { describe, expect, it } from 'vitest'
import { createLogger } from '@incident-pipeline/dataflow'
import { testConnection } from '@incident-pipeline/dataflow/testing'
import { type ChaosReport, runChaos } from './run-chaos.ts'

const chaos = (instances: number, seed: number) =>
  runChaos({
    events: 40_000,
    kills: 3,
    seed,
    idleTimeout: '2s',
    instances,
    secondInstance: true,
    restartBroker: true,
    workDir: tmpdir(),
    connection: testConnection(),
    log: createLogger('chaos', 'warn'),
  })

/** The failed checks, one line each, so that the end of a CI log names them with their figures. */
const failedChecks = (report: ChaosReport): string[] =>
  report.verdicts.filter((v) => !v.ok).map((v) => `${v.check} ${JSON.stringify(v.detail)}`)

describe('chaos (CI size)', () => {
  it(
    'keeps every output exactly once through SIGKILLs, a second instance and a broker restart',
    { timeout: 900_000 },
    async () => {
      const report = await chaos(1, 7)
      expect(failedChecks(report)).toEqual([])
      expect(report.kills).toBe(3)
      expect(report.brokerRestarts).toBe(1)
      expect(report.verdicts).toHaveLength(7)
    },
  )

  it(
    'keeps every output exactly once with three instances in the group, one killed at a time',
    { timeout: 900_000 },
    async () => {
      const report = await chaos(3, 8)
      expect(failedChecks(report)).toEqual([])
      expect(report.instances).toBe(3)
      expect(report.kills).toBe(3)
      expect(report.verdicts).toHaveLength(7)
    },
  )
})
