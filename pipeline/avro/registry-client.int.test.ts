import { beforeAll, describe, expect, it } from 'vitest'
import { testConnection, uniqueName } from '../testing/index.ts'
import { createRegistryClient } from './registry-client.ts'
import { RegistryError } from './errors.ts'

const registry = createRegistryClient({ url: testConnection().registryUrl })
const record = (fields: object[]) => JSON.stringify({ type: 'record', name: 'R', fields })
const v1 = record([{ name: 'a', type: 'string' }])

describe('registry client against the real registry', () => {
  // Apicurio 2's in-memory H2 storage wedges when several registrations of content it has never
  // seen run at once (a transaction keeps the contentId sequence locked, and every later write
  // hangs). So the content is registered once first, as any started pipeline has done; the race
  // under test is then the one between instances creating the same subject.
  beforeAll(async () => {
    await registry.register(`${uniqueName('first')}-value`, v1)
  })

  it('registers a subject that several instances create at once, with one id', async () => {
    const subjects = Array.from({ length: 6 }, () => `${uniqueName('race')}-value`)
    const ids = await Promise.all(
      [...subjects, ...subjects, ...subjects].map((subject) => registry.register(subject, v1)),
    )
    for (let i = 0; i < subjects.length; i++) {
      expect(ids[i + subjects.length]).toBe(ids[i])
      expect(ids[i + 2 * subjects.length]).toBe(ids[i])
    }
  })

  it('still refuses an incompatible schema with 409', async () => {
    const subject = `${uniqueName('incompatible')}-value`
    await registry.setCompatibility(subject, 'BACKWARD')
    await registry.register(subject, v1)
    const v2 = record([{ name: 'b', type: 'int' }])
    const refused = await registry.register(subject, v2).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(RegistryError)
    expect((refused as RegistryError).status).toBe(409)
  })
})
