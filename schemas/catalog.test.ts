import { describe, expect, it } from 'vitest'
import { loadSchema, schemaNames } from './catalog.ts'

describe('schema catalog', () => {
  it('loads every contract, all in the dev.incidents.v1 namespace', () => {
    for (const name of schemaNames) {
      const { type, text } = loadSchema(name)
      expect(type.name).toMatch(/^dev\.incidents\.v1\./)
      expect(JSON.parse(text)).toMatchObject({ type: 'record' })
    }
  })
})
