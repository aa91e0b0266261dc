import { describe, expect, it } from 'vitest'
import { OwnedUpstreams } from './owned-upstreams.ts'

describe('owned upstreams', () => {
  it('announces a partition once when it sent nothing for the idle timeout since assignment', () => {
    const owned = new OwnedUpstreams(60_000)
    owned.assign('raw/0', 0)
    owned.assign('raw/1', 0)
    owned.read('raw/0', 30_000)
    expect(owned.newlyIdle(59_999)).toEqual([])
    expect(owned.newlyIdle(60_000)).toEqual(['raw/1'])
    expect(owned.newlyIdle(90_000)).toEqual(['raw/0'])
    expect(owned.newlyIdle(200_000)).toEqual([])
  })

  it('announces a silent partition only when the broker confirms it caught up, else counts its silence again', async () => {
    const owned = new OwnedUpstreams(1_000)
    owned.assign('raw/0', 0)
    owned.assign('raw/1', 0)
    owned.read('raw/1', 0)
    const probed: string[] = []
    let behind = new Set(['raw/0', 'raw/1'])
    const caughtUp = async (upstream: string) => {
      probed.push(upstream)
      return !behind.has(upstream)
    }
    expect(await owned.toAnnounce(1_000, caughtUp)).toEqual([])
    behind = new Set(['raw/0'])
    expect(await owned.toAnnounce(1_500, caughtUp)).toEqual([])
    expect(await owned.toAnnounce(2_000, caughtUp)).toEqual(['raw/1'])
    behind = new Set()
    expect(await owned.toAnnounce(2_500, caughtUp)).toEqual([])
    expect(await owned.toAnnounce(3_000, caughtUp)).toEqual(['raw/0'])
    expect(probed).toEqual(['raw/0', 'raw/1', 'raw/0', 'raw/1', 'raw/0'])
  })

  it('does not announce a partition read or revoked while its probe ran', async () => {
    const owned = new OwnedUpstreams(1_000)
    owned.assign('raw/0', 0)
    owned.assign('raw/1', 0)
    owned.assign('raw/2', 0)
    const caughtUp = async (upstream: string) => {
      if (upstream === 'raw/0') owned.read('raw/0', 1_000)
      if (upstream === 'raw/1') owned.revoke('raw/1')
      return true
    }
    expect(await owned.toAnnounce(1_000, caughtUp)).toEqual(['raw/2'])
    expect(await owned.toAnnounce(2_000, async () => true)).toEqual(['raw/0'])
  })

  it('counts silence again from a record, and forgets a revoked partition', () => {
    const owned = new OwnedUpstreams(1_000)
    owned.assign('raw/0', 0)
    expect(owned.newlyIdle(1_000)).toEqual(['raw/0'])
    owned.read('raw/0', 5_000)
    expect(owned.newlyIdle(5_500)).toEqual([])
    expect(owned.newlyIdle(6_000)).toEqual(['raw/0'])
    owned.sentStreamTime('raw/0', 10)
    expect(owned.isNewStreamTime('raw/0', 10)).toBe(false)
    expect(owned.isNewStreamTime('raw/0', 11)).toBe(true)
    owned.revoke('raw/0')
    expect([owned.has('raw/0'), owned.size, owned.newlyIdle(99_000)]).toEqual([false, 0, []])
    expect(owned.isNewStreamTime('raw/0', 10)).toBe(true)
  })
})
