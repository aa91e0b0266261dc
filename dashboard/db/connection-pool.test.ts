import { describe, expect, it } from 'vitest'
import { OverloadedError } from '../errors.ts'
import { ConnectionPool } from './connection-pool.ts'

function pool(items: string[], maxQueue = 4) {
  const events: string[] = []
  const p = new ConnectionPool(
    items,
    maxQueue,
    (item) => events.push(`dispose ${item}`),
    (item) => events.push(`interrupt ${item}`),
  )
  return { p, events }
}

describe('ConnectionPool', () => {
  it('queues callers beyond its size and refuses them past the queue bound', async () => {
    const { p } = pool(['a'], 1)
    let release: () => void = () => undefined
    const first = p.use(() => new Promise<void>((resolve) => (release = resolve)))
    const second = p.use(async (item) => item)
    await expect(p.use(async (item) => item)).rejects.toBeInstanceOf(OverloadedError)
    release()
    await first
    expect(await second).toBe('a')
  })

  it('on close, interrupts an item in use and disposes of it only once it is released', async () => {
    const { p, events } = pool(['a', 'b'])
    let release: () => void = () => undefined
    let started: (item: string) => void = () => undefined
    const borrowed = new Promise<string>((resolve) => (started = resolve))
    const running = p.use(
      (item) => new Promise<void>((resolve) => (started(item), (release = resolve))),
    )
    const busy = await borrowed
    const idle = busy === 'a' ? 'b' : 'a'
    let closed = false
    const closing = p.close().then(() => (closed = true))
    await Promise.resolve()
    expect(events).toEqual([`interrupt ${busy}`, `dispose ${idle}`])
    expect(closed).toBe(false)
    release()
    await running
    await closing
    expect(events).toEqual([`interrupt ${busy}`, `dispose ${idle}`, `dispose ${busy}`])
    await expect(p.use(async (item) => item)).rejects.toBeInstanceOf(OverloadedError)
  })

  it('on close, refuses the callers still queued', async () => {
    const { p } = pool(['a'])
    let release: () => void = () => undefined
    const running = p.use(() => new Promise<void>((resolve) => (release = resolve)))
    const queued = p.use(async (item) => item)
    const closing = p.close()
    await expect(queued).rejects.toBeInstanceOf(OverloadedError)
    release()
    await running
    await closing
  })
})
