import { describe, expect, it } from 'vitest'
import { flatten } from './collection.ts'
import { pipeline } from './pipeline-builder.ts'
import type { CombineFn } from './combine.ts'
import type { DoFn, KV } from './steps.ts'
import { tumbling } from './windows.ts'

const count: CombineFn<unknown, number, number> = {
  createAccumulator: () => 0,
  addInput: (acc) => acc + 1,
  mergeAccumulators: (accs) => accs.reduce((a, b) => a + b, 0),
  extractOutput: (acc) => acc,
}

describe('pipeline builder', () => {
  it('describes the pipeline as data: named steps, kinds and inputs, in order', () => {
    const p = pipeline()
    const check: DoFn<number, { main: number; dead_letter: number }> = {
      tags: ['main', 'dead_letter'],
      process: (n, ctx) => ctx.output(n < 0 ? 'dead_letter' : 'main', n),
    }
    const checked = p.source<number>('numbers').parDo('check', check)
    checked.dead_letter.output('rejected')
    const combined = checked.main
      .windowInto(tumbling('1m'), { grace: '10s' })
      .map('key', (n): KV<number> => ({ key: String(n % 2), value: n }))
      .combinePerKey('count', count)
    combined.main.output('counts')
    const built = p.build()
    expect(
      built.steps.map((s) => [s.name, s.kind, s.inputs.map((i) => `${i.step}.${i.tag}`)]),
    ).toEqual([
      ['numbers', 'source', []],
      ['check', 'parDo', ['numbers.main']],
      ['output:rejected', 'output', ['check.dead_letter']],
      ['windowInto(tumbling(1m))', 'windowInto', ['check.main']],
      ['key', 'map', ['windowInto(tumbling(1m)).main']],
      ['count', 'combinePerKey', ['key.main']],
      ['output:counts', 'output', ['count.main']],
    ])
    expect(built.steps.find((s) => s.name === 'count')).toMatchObject({
      grace: 10_000,
      windowFn: { size: 60_000 },
    })
    expect(built.sources).toEqual(['numbers'])
    expect(built.sinks).toEqual(['rejected', 'counts'])
  })

  it('rejects duplicate step names', () => {
    const p = pipeline()
    const numbers = p.source<number>('numbers')
    numbers.map('double', (n) => n * 2)
    expect(() => numbers.map('double', (n) => n * 3)).toThrow("duplicate step name: 'double'")
  })

  it('rejects a combine without windows upstream', () => {
    const p = pipeline()
    const keyed = p
      .source<number>('numbers')
      .map('key', (n): KV<number> => ({ key: 'k', value: n }))
    expect(() => keyed.combinePerKey('count', count)).toThrow(
      "combinePerKey 'count' needs windowInto upstream",
    )
  })

  it('rejects a pipeline without outputs and two outputs to one sink', () => {
    const p = pipeline()
    const numbers = p.source<number>('numbers')
    expect(() => p.build()).toThrow('a pipeline needs at least one output')
    numbers.output('out')
    expect(() => numbers.map('copy', (n) => n).output('out')).toThrow(
      "duplicate step name: 'output:out'",
    )
  })

  it('flattens collections of one pipeline, keeping a shared windowing', () => {
    const p = pipeline()
    const windowed = p.source<number>('numbers').windowInto(tumbling('1m'))
    const merged = flatten('both', [windowed.map('a', (n) => n), windowed.map('b', (n) => -n)])
    expect(merged.windowing).toBe(windowed.windowing)
    expect(() => flatten('mixed', [merged, pipeline().source<number>('other')])).toThrow(
      'different pipelines',
    )
  })
})
