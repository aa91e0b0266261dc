import { describe, expect, it } from 'vitest'
import { verifyCitations } from './citations.ts'
import { normalizeBundle } from './incident-row.ts'
import { goodContent, injectedContent, injectionBundle, sampleBundle } from './test-fixtures.ts'

describe('verifyCitations', () => {
  it('keeps known ids and takes timeline times from the cited rows', () => {
    const { content, unknownEventIds } = verifyCitations(goodContent, normalizeBundle(sampleBundle))
    expect(unknownEventIds).toEqual([])
    expect(content.root_cause_hypotheses[0]?.supporting_event_ids).toEqual([
      'evt-0001',
      'evt-0002',
      'evt-0003',
    ])
    expect(content.timeline[1]).toEqual({
      time: '2026-11-28T03:05:00.000Z',
      event_id: 'evt-0003',
      description: 'api-gateway down.',
    })
  })

  it('removes and reports unknown ids', () => {
    const { content, unknownEventIds } = verifyCitations(
      injectedContent,
      normalizeBundle(injectionBundle),
    )
    expect(unknownEventIds).toEqual(['evt-evil'])
    expect(content.root_cause_hypotheses[0]?.supporting_event_ids).toEqual(['evt-0005'])
    expect(content.timeline[0]).toEqual({ time: 'now', description: '<script>alert(1)</script>' })
  })
})
