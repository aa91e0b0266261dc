import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { acquireInstanceSlot } from './instance-slot.ts'

describe('instance slots', () => {
  it('hands out the lowest free slot and reuses a released one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slots-'))
    const a = acquireInstanceSlot(dir)
    const b = acquireInstanceSlot(dir)
    expect([a.index, b.index]).toEqual([0, 1])
    a.release()
    expect(acquireInstanceSlot(dir).index).toBe(0)
  })

  it('takes over a slot whose holder is dead', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slots-'))
    writeFileSync(join(dir, 'instance-0.lock'), '999999999')
    writeFileSync(join(dir, 'instance-1.lock'), String(process.pid))
    expect(acquireInstanceSlot(dir).index).toBe(0)
    expect(acquireInstanceSlot(dir).index).toBe(2)
  })
})
