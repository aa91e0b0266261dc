import { describe, expect, it, vi } from 'vitest'
import type { Analyzer } from './analyzer.ts'
import { createAnalysisService } from './analysis-service.ts'
import { AnalysisError, IncidentNotFoundError } from './errors.ts'
import type { IncidentBundleInput } from './incident-row.ts'
import { correlatedRows, goodContent, primaryRow, sampleBundle } from './test-fixtures.ts'

function countingAnalyzer(model: string) {
  const analyze = vi.fn<Analyzer['analyze']>(async () => ({
    content: goodContent,
    usage: { prompt_tokens: 1, candidates_tokens: 2, total_tokens: 3 },
  }))
  return { analyzer: { source: 'gemini', model, analyze } satisfies Analyzer, analyze }
}

describe('analysis service cache', () => {
  it('caches per (incident id, model)', async () => {
    const loadBundle = async () => sampleBundle
    const pro = countingAnalyzer('gemini-2.5-pro')
    const flash = countingAnalyzer('gemini-2.5-flash')
    const cache = { maxEntries: 10 }
    const a = createAnalysisService({ loadBundle, analyzer: pro.analyzer, cache })
    const b = createAnalysisService({ loadBundle, analyzer: flash.analyzer, cache })

    const first = await a.run(await a.prepare('INC-1'))
    const second = await a.run(await a.prepare('INC-1'))
    await a.run(await a.prepare('INC-2'))
    await b.run(await b.prepare('INC-1'))
    expect(first.cached).toBe(false)
    expect(second).toEqual({ ...first, cached: true })
    expect(pro.analyze).toHaveBeenCalledTimes(2)
    expect(flash.analyze).toHaveBeenCalledTimes(1)

    await a.run(await a.prepare('INC-1'), { refresh: true })
    expect(pro.analyze).toHaveBeenCalledTimes(3)
  })

  it('analyses again when the bundle has grown since', async () => {
    let bundle: IncidentBundleInput = {
      primary: primaryRow,
      correlated: correlatedRows.slice(0, 2),
    }
    const { analyzer, analyze } = countingAnalyzer('m')
    const service = createAnalysisService({ loadBundle: async () => bundle, analyzer })
    await service.run(await service.prepare('INC-1'))
    bundle = sampleBundle
    const grown = await service.run(await service.prepare('INC-1'))
    expect(grown).toMatchObject({ cached: false, bundle: { event_count: 5 } })
    expect(analyze).toHaveBeenCalledTimes(2)
  })

  it('is bounded (LRU) and can be turned off', async () => {
    const loadBundle = async () => sampleBundle
    const bounded = countingAnalyzer('m')
    const service = createAnalysisService({
      loadBundle,
      analyzer: bounded.analyzer,
      cache: { maxEntries: 1 },
    })
    for (const id of ['A', 'B', 'A']) await service.run(await service.prepare(id))
    expect(bounded.analyze).toHaveBeenCalledTimes(3)

    const off = countingAnalyzer('m')
    const uncached = createAnalysisService({ loadBundle, analyzer: off.analyzer, cache: false })
    for (const id of ['A', 'A']) await uncached.run(await uncached.prepare(id))
    expect(off.analyze).toHaveBeenCalledTimes(2)
  })
})

describe('analysis service', () => {
  it('raises typed errors for unknown incidents and invalid stored rows', async () => {
    const { analyzer } = countingAnalyzer('m')
    const missing = createAnalysisService({ loadBundle: async () => undefined, analyzer })
    await expect(missing.prepare('INC-X')).rejects.toBeInstanceOf(IncidentNotFoundError)

    const broken = createAnalysisService({
      loadBundle: async () => ({
        primary: { ...primaryRow, level: 'FATAL' as 'ERROR' },
        correlated: [],
      }),
      analyzer,
    })
    const error = await broken.prepare('INC-X').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AnalysisError)
    expect(error).toMatchObject({ code: 'invalid_bundle', status: 500 })
  })

  it('passes the abort signal and progress through, and reports invented citations', async () => {
    const { analyzer, analyze } = countingAnalyzer('m')
    analyze.mockResolvedValueOnce({
      content: {
        ...goodContent,
        timeline: [{ time: 'x', event_id: 'evt-made-up', description: 'd' }],
      },
      usage: null,
    })
    const warn = vi.fn()
    const service = createAnalysisService({
      loadBundle: async () => sampleBundle,
      analyzer,
      logger: { info: vi.fn(), warn, error: vi.fn() },
      now: () => 42,
    })
    const signal = new AbortController().signal
    const onProgress = vi.fn()
    const result = await service.run(await service.prepare('INC-1'), { signal, onProgress })
    expect(analyze).toHaveBeenCalledWith(expect.anything(), { signal, onProgress })
    expect(onProgress).toHaveBeenCalledWith({
      stage: 'correlating',
      event_count: 5,
      correlated_count: 4,
    })
    expect(result).toMatchObject({
      generated_at: 42,
      citations: { unknown_event_ids: ['evt-made-up'] },
    })
    expect(result.timeline).toEqual([{ time: 'x', description: 'd' }])
    expect(warn).toHaveBeenCalledWith(
      { incident_id: 'INC-1', model: 'm', unknown_event_ids: 1 },
      'analysis cited event ids that are not in the bundle; removed them',
    )
  })
})
