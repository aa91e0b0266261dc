import { describe, expect, it } from 'vitest'
import { countPipeline, T0, type Reading } from './testing/contract-pipelines.ts'
import { PipelineExecutor } from './executor.ts'
import type { KV } from './steps.ts'
import { hopping } from './windows.ts'

const s = (seconds: number): number => T0 + seconds * 1000
const input: [number, number, string][] = [
  [0, 5, 'a'],
  [1, 20, 'b'],
  [0, 70, 'c'],
  [1, 10, 'd'],
  [1, 95, 'e'],
  [0, 50, 'f'],
  [1, 30, 'i'],
  [0, 200, 'g'],
  [1, 210, 'h'],
]

function collect(): { outputs: [string, unknown][]; emit: (sink: string, value: unknown) => void } {
  const outputs: [string, unknown][] = []
  return { outputs, emit: (sink, value) => void outputs.push([sink, value]) }
}

describe('PipelineExecutor', () => {
  const pipeline = countPipeline(hopping('2m', '1m'), '15s')

  it('gives the same results when combines run behind a shuffle', () => {
    const direct = collect()
    const single = new PipelineExecutor(pipeline, {
      partitions: { in: 2 },
      wallClock: 0,
      emit: direct.emit,
    })
    const split = collect()
    const shuffled: [string, string, KV<unknown>, number][] = []
    const upstream = new PipelineExecutor(pipeline, {
      partitions: { in: 2 },
      wallClock: 0,
      emit: split.emit,
      shuffle: (step, element, timestamp, partition) =>
        void shuffled.push([step, partition, element, timestamp]),
    })
    const downstream = new PipelineExecutor(pipeline, {
      partitions: { in: 2 },
      wallClock: 0,
      emit: split.emit,
    })
    input.forEach(([partition, seconds, id], offset) => {
      const value: Reading = { id, key: 'k', n: 1 }
      single.process('in', partition, offset, s(seconds), value)
      upstream.process('in', partition, offset, s(seconds), value)
      for (const args of shuffled.splice(0)) downstream.processShuffled(...args)
      // What the upstream runner broadcasts to every repartition partition at each commit.
      for (const { partition: id, streamTime } of upstream.partitions()) {
        if (Number.isFinite(streamTime)) downstream.observeStreamTime(id, streamTime)
      }
    })
    single.drain()
    downstream.drain()
    expect(split.outputs).toEqual(direct.outputs)
    expect(direct.outputs.filter(([sink]) => sink === 'late')).toEqual([['late', 'i']])
    expect(direct.outputs).toContainEqual([
      'counts',
      expect.objectContaining({ ids: ['a', 'b', 'd', 'f'], sawLateInput: true }),
    ])
  })

  it('writes only changed state to the changelog, and restores from it', () => {
    const { emit } = collect()
    const executor = new PipelineExecutor(pipeline, { partitions: { in: 1 }, wallClock: 0, emit })
    executor.process('in', 0, 0, s(5), { id: 'a', key: 'k1', n: 1 })
    executor.process('in', 0, 1, s(6), { id: 'b', key: 'k2', n: 1 })
    const first = executor.takeChanges()
    expect(first.filter((r) => r.kind === 'window')).toHaveLength(4)
    executor.process('in', 0, 2, s(7), { id: 'c', key: 'k1', n: 1 })
    const second = executor.takeChanges()
    expect(second.map((r) => (r.kind === 'window' ? `${r.key}@${r.start - T0}` : r.kind))).toEqual([
      'watermark',
      'stream_time',
      'k1@0',
      'k1@-60000',
    ])
    const restored = new PipelineExecutor(pipeline, { partitions: { in: 1 }, wallClock: 0, emit })
    restored.restore(JSON.parse(JSON.stringify([...first, ...second])) as unknown[])
    expect(restored.snapshot()).toEqual(JSON.parse(JSON.stringify(executor.snapshot())))
  })

  it('refuses state records it cannot restore', () => {
    const executor = new PipelineExecutor(pipeline, { wallClock: 0, emit: () => undefined })
    expect(() =>
      executor.restore([{ kind: 'window', step: 'nope', start: 0, end: 1, key: 'k', value: null }]),
    ).toThrow("unknown step 'nope'")
    expect(() => executor.restore([{ kind: 'watermark', time: 'soon' }])).toThrow(
      'invalid state record',
    )
  })

  it('counts elements per step and output', () => {
    const executor = new PipelineExecutor(pipeline, { wallClock: 0, emit: () => undefined })
    executor.process('in', 0, 0, s(5), { id: 'a', key: 'k', n: 1 })
    executor.drain()
    expect(executor.metrics().find((m) => m.step === 'count')).toEqual({
      step: 'count',
      kind: 'combinePerKey',
      in: 1,
      out: { main: 2, late: 0 },
      late: 0,
    })
  })
})
