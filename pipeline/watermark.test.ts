import { describe, expect, it } from 'vitest'
import type { StateRecord } from './state.ts'
import { WatermarkTracker } from './watermark.ts'

const tracker = (partitions: string[], idleTimeoutMs = 1000) => {
  const t = new WatermarkTracker({ idleTimeoutMs, now: 0 })
  return { t, slots: partitions.map((p) => t.slot(p)) }
}

describe('WatermarkTracker', () => {
  it('is the minimum stream time over the partitions, and never goes back', () => {
    const {
      t,
      slots: [a = 0, b = 0],
    } = tracker(['in/0', 'in/1'])
    t.observe(a, 100)
    expect(t.update()).toBe(false)
    expect(t.watermark).toBe(-Infinity)
    t.observe(b, 50)
    expect(t.update()).toBe(true)
    expect(t.watermark).toBe(50)
    t.observe(b, 40)
    t.observe(a, 30)
    t.update()
    expect([t.streamTime(a), t.streamTime(b), t.watermark]).toEqual([100, 50, 50])
  })

  it('stops counting an idle partition, and counts it again when it wakes up', () => {
    const {
      t,
      slots: [a = 0, b = 0],
    } = tracker(['in/0', 'in/1'], 1000)
    t.observe(a, 100)
    t.observe(b, 10)
    t.update()
    t.advanceWallClock(600)
    t.observe(a, 200)
    t.advanceWallClock(1000)
    expect(t.update()).toBe(true)
    expect(t.watermark).toBe(200)
    expect(t.partitions().map((p) => p.idle)).toEqual([false, true])
    t.observe(b, 20)
    t.observe(a, 300)
    t.update()
    expect(t.watermark).toBe(200)
  })

  it('with an infinite timeout, idles a partition only when told, until its next event', () => {
    const {
      t,
      slots: [a = 0, b = 0],
    } = tracker(['in/0', 'in/1'], Infinity)
    t.observe(a, 100)
    t.advanceWallClock(86_400_000)
    expect(t.update()).toBe(false)
    expect(t.watermark).toBe(-Infinity)
    t.markIdle(b)
    expect(t.update()).toBe(true)
    expect(t.watermark).toBe(100)
    t.observe(b, 150)
    t.observe(a, 300)
    expect(t.update()).toBe(true)
    expect([t.watermark, t.partitions().map((p) => p.idle)]).toEqual([150, [false, false]])
  })

  it('holds the watermark when every partition is idle', () => {
    const {
      t,
      slots: [a = 0],
    } = tracker(['in/0'], 1000)
    t.observe(a, 100)
    t.update()
    t.advanceWallClock(5000)
    t.update()
    expect(t.watermark).toBe(100)
  })

  it('reports only what changed since the last call, and restores from it', () => {
    const {
      t,
      slots: [a = 0, b = 0],
    } = tracker(['in/0', 'in/1'])
    t.observe(a, 100)
    t.observe(b, 50)
    t.update()
    const first: StateRecord[] = []
    t.takeChanges(first)
    expect(first).toEqual([
      { kind: 'watermark', time: 50 },
      { kind: 'stream_time', partition: 'in/0', time: 100 },
      { kind: 'stream_time', partition: 'in/1', time: 50 },
    ])
    t.observe(a, 150)
    t.update()
    const second: StateRecord[] = []
    t.takeChanges(second)
    expect(second).toEqual([{ kind: 'stream_time', partition: 'in/0', time: 150 }])

    const restored = new WatermarkTracker({ idleTimeoutMs: 1000, now: 0 })
    for (const record of [...first, ...second]) restored.restore(record)
    restored.update()
    const snapshot: StateRecord[] = []
    restored.snapshot(snapshot)
    expect(snapshot).toEqual([
      { kind: 'watermark', time: 50 },
      { kind: 'stream_time', partition: 'in/0', time: 150 },
      { kind: 'stream_time', partition: 'in/1', time: 50 },
    ])
  })

  it('moves every partition forward on a heartbeat', () => {
    const {
      t,
      slots: [a = 0],
    } = tracker(['in/0', 'in/1'])
    t.observe(a, 10)
    t.advanceTo(500)
    expect([t.watermark, t.streamTime(a)]).toEqual([500, 500])
  })
})
