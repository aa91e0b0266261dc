import { describe, expect, it } from 'vitest'
import type { InputRecord, OutputRecord } from '../kafka/eos-types.ts'
import { inMemoryRunner } from '../in-memory-runner.ts'
import { createLogger } from '../log.ts'
import type { Pipeline } from '../steps.ts'
import { at, countPipeline, type Reading } from '../testing/contract-pipelines.ts'
import { tumbling } from '../windows.ts'
import { fromChangelog } from './changelog.ts'
import { jsonCodec } from './codec.ts'
import { END_OF_INPUT_HEADER } from './screen-source-record.ts'
import { createTopologyRuntime, type TopologyRuntime } from './topology-runtime.ts'

const topics = { sources: { in: 'in' }, shuffle: 'shuffle', changelog: 'changelog' }
const input = (r: OutputRecord, offset: number, headers: Record<string, string> = {}) =>
  ({
    topic: r.topic,
    partition: r.partition ?? 0,
    offset,
    key: null,
    value: r.value,
    timestamp: 0,
    headers,
  }) as InputRecord

/**
 * The runtime with its topics looped back in memory: shuffle records are processed as the shuffle
 * partition's consumer would, changelog records are kept compacted, sink records are collected.
 * A new harness on the same changelog is a restarted instance.
 */
function loopback(pipeline: Pipeline, changelog: Map<string, OutputRecord>) {
  const sinks: Record<string, unknown[]> = {}
  const runtime: TopologyRuntime = createTopologyRuntime({
    pipeline,
    topics,
    sourcePartitions: { in: 2 },
    shufflePartitions: 2,
    sourceCodecs: { in: jsonCodec() },
    encodeSink: (sink, value) => ({
      topic: `sink:${sink}`,
      value: Buffer.from(JSON.stringify(value)),
    }),
    deadLetter: (_input, reason) => ({
      topic: 'sink:dead_letter',
      value: Buffer.from(`"${reason}"`),
    }),
    idleTimeout: '1h',
    maxRecordBytes: 1_000,
    now: () => at(0),
    log: createLogger('topology-runtime.test', 'silent'),
    caughtUp: async () => true,
    readChangelog: async (q) =>
      [...changelog.values()]
        .filter((r) => r.partition === q)
        .map((r) => fromChangelog(r.key as Buffer, r.value)),
  })
  let offset = 0
  const route = async (records: OutputRecord[]) => {
    for (let r = records.shift(); r; r = records.shift()) {
      if (r.topic === topics.shuffle)
        records.push(...(await runtime.process(r.topic, r.partition ?? 0, [input(r, offset++)])))
      else if (r.topic === topics.changelog) changelog.set(`${r.partition}/${String(r.key)}`, r)
      else (sinks[r.topic.slice('sink:'.length)] ??= []).push(JSON.parse(String(r.value)))
    }
  }
  return {
    sinks,
    assign: () =>
      runtime.onAssigned?.([
        { topic: 'in', partition: 0 },
        { topic: 'in', partition: 1 },
        { topic: topics.shuffle, partition: 0 },
        { topic: topics.shuffle, partition: 1 },
      ]),
    async feed(partition: number, values: (Reading | string)[], headers?: Record<string, string>) {
      const records = values.map((v) =>
        input(
          {
            topic: 'in',
            partition,
            value: Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)),
          },
          offset++,
          headers,
        ),
      )
      records.forEach(
        (r, i) => (r.timestamp = at(typeof values[i] === 'string' ? 0 : (values[i] as Reading).n)),
      )
      await route(await runtime.process('in', partition, records))
    },
    /** Two commits: the second carries what the first's stream times closed. */
    async commit() {
      for (let i = 0; i < 2; i++) await route((await runtime.beforeCommit?.()) ?? [])
    },
  }
}

const reading = (id: string, key: string, minute: number): Reading => ({ id, key, n: minute })

describe('topology runtime without a broker', () => {
  it('combines across both stages, restarts from its changelog and matches the in-memory runner', async () => {
    const pipeline = countPipeline(tumbling('1m'), '0s')
    const first = [reading('a1', 'a', 0), reading('b1', 'b', 0), reading('a2', 'a', 1)]
    const second = [reading('a3', 'a', 2), reading('b2', 'b', 2)]
    const late = [reading('late', 'a', 0)]

    const memory = inMemoryRunner(pipeline, {
      partitions: { in: 2 },
      idleTimeout: '1h',
      wallClock: at(0),
    })
    const feed = (rs: Reading[], partition: number) =>
      memory.feed(
        'in',
        rs.map((value) => ({ partition, timestamp: at(value.n), value })),
      )
    await feed(first, 0)
    await feed(first, 1)
    await feed(second, 0)
    await feed(second, 1)
    await feed(late, 0)
    await memory.drain()

    const changelog = new Map<string, OutputRecord>()
    const before = loopback(pipeline, changelog)
    await before.assign()
    await before.feed(0, first)
    await before.feed(1, first)
    await before.commit()
    const after = loopback(pipeline, changelog)
    await after.assign()
    await after.feed(0, [...second, 'not json'])
    await after.feed(1, second)
    await after.commit()
    await after.feed(0, late)
    await after.feed(0, ['{}'], { [END_OF_INPUT_HEADER]: '1' })
    await after.feed(1, ['{}'], { [END_OF_INPUT_HEADER]: '1' })
    await after.commit()

    const values = async (sink: string) =>
      (await memory.outputs(sink)).map((o) => JSON.stringify(o.value)).sort()
    const committed = (sink: string) =>
      [...(before.sinks[sink] ?? []), ...(after.sinks[sink] ?? [])]
        .map((v) => JSON.stringify(v))
        .sort()
    expect(committed('counts')).toHaveLength(5)
    expect(committed('counts')).toEqual(await values('counts'))
    expect(committed('late')).toEqual(['"late"'])
    expect(committed('late')).toEqual(await values('late'))
    expect(after.sinks.dead_letter).toEqual(['undecodable'])
  })
})
