import { describe, expect, it } from 'vitest'
import { PipelineExecutor } from './executor.ts'
import { pipeline } from './pipeline-builder.ts'
import type { Pipeline, WindowedValue } from './steps.ts'
import { tumbling } from './windows.ts'

const T0 = Date.UTC(2026, 10, 28, 3)
const s = (seconds: number): number => T0 + seconds * 1000

/** Counts per key in 1-minute windows, firing early once a window holds 3. */
function earlyCounts(): Pipeline {
  const p = pipeline()
  p.source<{ key: string }>('in')
    .windowInto(tumbling('1m'), { grace: '10s' })
    .map('key', (e) => ({ key: e.key, value: 1 }))
    .combinePerKey(
      'count',
      {
        createAccumulator: () => ({ n: 0 }),
        addInput: (acc: { n: number }) => ({ n: acc.n + 1 }),
        mergeAccumulators: (accs: readonly { n: number }[]) => ({
          n: accs.reduce((sum, a) => sum + a.n, 0),
        }),
        extractOutput: (acc: { n: number }) => acc.n,
      },
      { fireEarlyWhen: (acc) => acc.n >= 3 },
    )
    .main.output('counts')
  return p.build()
}

function run(executor: PipelineExecutor, seconds: number[], key = 'k', from = 0): void {
  seconds.forEach((t, i) => executor.process('in', 0, from + i, s(t), { key }))
}

describe('early firing', () => {
  it('fires once as soon as the condition holds, then on time at close', () => {
    const out: [WindowedValue<number>, number][] = []
    const executor = new PipelineExecutor(earlyCounts(), {
      partitions: { in: 1 },
      wallClock: 0,
      emit: (_, value, timestamp) => void out.push([value as WindowedValue<number>, timestamp]),
    })
    run(executor, [1, 2, 3])
    expect(out).toEqual([
      [
        {
          key: 'k',
          window: { start: T0, end: T0 + 60_000 },
          value: 3,
          sawLateInput: false,
          pane: { timing: 'early', firedEarly: false },
        },
        s(3),
      ],
    ])
    run(executor, [4, 5, 70], 'k', 3)
    expect(out.map(([v]) => [v.value, v.pane])).toEqual([
      [3, { timing: 'early', firedEarly: false }],
      [5, { timing: 'on_time', firedEarly: true }],
    ])
    executor.drain()
    // The second window never reached 3: only its on-time pane.
    expect(out.at(-1)?.[0]).toMatchObject({
      value: 1,
      pane: { timing: 'on_time', firedEarly: false },
    })
  })

  it('keeps the early flag in state, so a restored executor does not fire again', () => {
    const emitted: unknown[] = []
    const emit = (_: string, value: unknown) => void emitted.push(value)
    const first = new PipelineExecutor(earlyCounts(), { partitions: { in: 1 }, wallClock: 0, emit })
    run(first, [1, 2, 3])
    const changes = first.takeChanges()
    expect(changes).toContainEqual(
      expect.objectContaining({
        kind: 'window',
        value: { acc: { n: 3 }, sawLateInput: false, firedEarly: true },
      }),
    )
    emitted.length = 0
    const restored = new PipelineExecutor(earlyCounts(), {
      partitions: { in: 1 },
      wallClock: 0,
      emit,
    })
    restored.restore(JSON.parse(JSON.stringify(changes)) as unknown[])
    run(restored, [4], 'k', 3)
    restored.drain()
    expect(emitted).toEqual([
      expect.objectContaining({ value: 4, pane: { timing: 'on_time', firedEarly: true } }),
    ])
  })
})
