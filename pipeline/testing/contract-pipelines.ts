/**
 * Small pipelines the runner contract suite runs. Their values are plain JSON, so a Kafka runner
 * can carry them with a JSON serde. Times are minutes after T0, a round hour.
 */
import { pipeline } from '../pipeline-builder.ts'
import type { CombineFn } from '../combine.ts'
import type { Duration } from '../duration.ts'
import type { DoFn, KV, Pipeline, WindowedValue } from '../steps.ts'
import type { WindowFn } from '../windows.ts'

export const T0 = Date.UTC(2026, 10, 28, 3, 0, 0, 0)
export const at = (minutes: number): number => T0 + minutes * 60_000

export interface Reading {
  readonly id: string
  readonly key: string
  readonly n: number
}

export interface CountRow {
  readonly key: string
  readonly start: number
  readonly end: number
  readonly count: number
  readonly ids: readonly string[]
  readonly sawLateInput: boolean
}

interface CountAcc {
  count: number
  ids: string[]
}

/** Counts inputs and keeps their ids sorted, so the result does not depend on arrival order. */
export const countIds: CombineFn<Reading, CountAcc, { count: number; ids: string[] }> = {
  createAccumulator: () => ({ count: 0, ids: [] }),
  addInput: (acc, input) => {
    acc.count++
    acc.ids.push(input.id)
    acc.ids.sort()
    return acc
  },
  mergeAccumulators: (accs) => ({
    count: accs.reduce((sum, acc) => sum + acc.count, 0),
    ids: accs.flatMap((acc) => acc.ids).sort(),
  }),
  extractOutput: (acc) => ({ count: acc.count, ids: [...acc.ids] }),
}

const validate: DoFn<Reading, { main: Reading; dead_letter: { id: string; reason: string } }> = {
  tags: ['main', 'dead_letter'],
  process(reading, ctx) {
    if (reading.n < 0) ctx.output('dead_letter', { id: reading.id, reason: 'negative' })
    else ctx.output('main', reading)
  },
}

/** validate (dead letters) → double → keep multiples of 4 → twice each. Sinks: out, dead_letter. */
export function statelessPipeline(): Pipeline {
  const p = pipeline()
  const checked = p.source<Reading>('in').parDo('validate', validate)
  checked.dead_letter.output('dead_letter')
  checked.main
    .map('double', (r) => ({ ...r, n: r.n * 2 }))
    .filter('multiple-of-4', (r) => r.n % 4 === 0)
    .flatMap('twice', (r, ctx) => [
      { id: `${r.id}.a`, n: r.n, partition: ctx.partition, offset: ctx.offset },
      { id: `${r.id}.b`, n: r.n, partition: ctx.partition, offset: ctx.offset },
    ])
    .output('out')
  return p.build()
}

/** Counts readings per key and window (record timestamps are event times). Sinks: counts, late. */
export function countPipeline(windowFn: WindowFn, grace: Duration): Pipeline {
  const p = pipeline()
  const combined = p
    .source<Reading>('in')
    .windowInto(windowFn, { grace })
    .map('key', (r): KV<Reading> => ({ key: r.key, value: r }))
    .combinePerKey('count', countIds)
  combined.main.map('row', toRow).output('counts')
  combined.late.map('late-id', (kv) => kv.value.id).output('late')
  return p.build()
}

function toRow(result: WindowedValue<{ count: number; ids: string[] }>): CountRow {
  const { key, window, value, sawLateInput } = result
  return { key, start: window.start, end: window.end, ...value, sawLateInput }
}

/** Throws on the reading with n === 13, in the step named 'explode'. */
export function failingPipeline(): Pipeline {
  const p = pipeline()
  p.source<Reading>('in')
    .map('explode', (r) => {
      if (r.n === 13) throw new Error('unlucky reading')
      return r
    })
    .output('out')
  return p.build()
}
