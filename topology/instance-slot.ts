/**
 * Gives each topology process on a host a small, stable instance number: the lowest slot whose
 * lock file is free or held by a dead process. The transactional id is built from it, so a
 * process restarted after a crash takes its predecessor's id and librdkafka's initTransactions
 * aborts the transaction the crashed process left open, instead of readers waiting for it to time
 * out. Two live processes never share a slot.
 */
import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs'
import { join } from 'node:path'

export interface InstanceSlot {
  readonly index: number
  release(): void
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * @example
 * const slot = acquireInstanceSlot('data/.instances')
 * const transactionalId = `incident-topology-${slot.index}`
 */
export function acquireInstanceSlot(dir: string, maxSlots = 64): InstanceSlot {
  mkdirSync(dir, { recursive: true })
  for (let index = 0; index < maxSlots; index++) {
    const path = join(dir, `instance-${index}.lock`)
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx')
        writeSync(fd, String(process.pid))
        closeSync(fd)
        return { index, release: () => rmSync(path, { force: true }) }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
        const holder = Number(readFileSync(path, 'utf8'))
        if (Number.isInteger(holder) && holder > 0 && alive(holder)) break
        rmSync(path, { force: true })
      }
    }
  }
  throw new Error(`no free instance slot in ${dir}: ${maxSlots} live topology processes already`)
}
