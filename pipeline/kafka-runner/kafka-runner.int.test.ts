import { describe, expect, it } from 'vitest'
import { countPipeline, T0, type Reading } from '../testing/contract-pipelines.ts'
import { inMemoryRunner } from '../in-memory-runner.ts'
import type { FeedRecord, RunnerDriver } from '../runner-driver.ts'
import { runRunnerSuite } from '../testing/runner-contract.ts'
import { waitFor } from '../testing/wait-for.ts'
import { hopping } from '../windows.ts'
import { createKafkaRunnerDriver, kafkaRunnerDriver } from '../testing/kafka-runner-driver.ts'

runRunnerSuite({ name: 'kafka', newRunner: kafkaRunnerDriver, timeout: 120_000 })

/** Seeded readings over `partitions` partitions, 10% of them up to 90 s out of order. */
function feeds(partitions: number): FeedRecord<Reading>[][] {
  let seed = 7
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31
  const streamTime = Array<number>(partitions).fill(T0 + 1_000)
  let id = 0
  return Array.from({ length: 6 }, () =>
    Array.from({ length: 400 }, () => {
      const partition = Math.floor(random() * partitions)
      const time = (streamTime[partition] ?? T0) + Math.floor(random() * 2_000)
      streamTime[partition] = time
      const jitter = random() < 0.1 ? Math.floor(random() * 90_000) : 0
      const key = `k${Math.floor(random() * 5)}`
      return { partition, timestamp: time - jitter, value: { id: `r${id++}`, key, n: 1 } }
    }),
  )
}

describe('Kafka runner beyond the contract', { timeout: 120_000 }, () => {
  const pipeline = countPipeline(hopping('2m', '1m'), '10s')

  /** Windows and late ids, sorted; whether a window saw late input depends on interleaving. */
  async function results(runner: RunnerDriver, partitions: number, kill?: () => Promise<void>) {
    for (const [i, records] of feeds(partitions).entries()) {
      await runner.feed('in', records)
      if (kill && i % 2 === 0) await kill()
    }
    await runner.drain()
    const counts = (await runner.outputs<object>('counts')).map(({ value }) =>
      partitions === 1 ? value : { ...value, sawLateInput: undefined },
    )
    const late = (await runner.outputs('late')).map(({ value }) => value)
    const sorted = (values: unknown[]) => values.map((v) => JSON.stringify(v)).sort()
    return { counts: sorted(counts), late: sorted(late) }
  }

  it.each([1, 2])(
    'matches the in-memory runner with 3 shuffle partitions and kills mid-transaction (%i source partitions)',
    async (partitions) => {
      const setup = { pipeline, partitions: { in: partitions }, idleTimeout: '1h', wallClock: T0 }
      const expected = await results(inMemoryRunner(pipeline, setup), partitions)
      // Long transactions, so that a kill finds one open.
      const newRunner = createKafkaRunnerDriver({ shufflePartitions: 3, commitInterval: '1s' })
      const runner = await newRunner(setup)
      try {
        const kill = async () => {
          await waitFor(() => runner.transactionOpen, {
            intervalMs: 5,
            what: 'an open transaction',
          })
          await runner.restart()
        }
        expect(await results(runner, partitions, kill)).toEqual(expected)
      } finally {
        await runner.close()
      }
    },
  )
})
