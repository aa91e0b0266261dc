/**
 * Runs one analysis request: load the incident bundle, answer from the cache when the same
 * model already analysed the same bundle, otherwise ask the analyzer, check its citations
 * against the bundle and assemble the `AnalysisResult`. The cache holds one entry per
 * (incident id, model) and remembers which rows it saw, so a bundle that has grown since (new
 * correlated events within ±30 minutes) is analysed again rather than served stale.
 */
import { createHash } from 'node:crypto'
import type { AnalysisResult } from './analysis-schema.ts'
import {
  type AnalysisLogger,
  type AnalysisProgress,
  type Analyzer,
  silentLogger,
} from './analyzer.ts'
import { verifyCitations } from './citations.ts'
import { AnalysisError, IncidentNotFoundError } from './errors.ts'
import { type IncidentBundle, type IncidentBundleInput, normalizeBundle } from './incident-row.ts'
import { createLruCache, type LruCacheOptions } from './lru-cache.ts'

export interface AnalysisServiceOptions {
  /** The dashboard store: the incident and its correlated rows, or undefined if unknown. */
  loadBundle(id: string): Promise<IncidentBundleInput | undefined>
  analyzer: Analyzer
  /** LRU options, or false for no cache. Default: 200 entries, 6 hours. */
  cache?: LruCacheOptions | false
  logger?: AnalysisLogger
  now?: () => number
}

export interface PreparedAnalysis {
  id: string
  bundle: IncidentBundle
  /** Hash of the bundle's event ids: what the cached analysis was computed from. */
  fingerprint: string
}

export interface RunOptions {
  signal?: AbortSignal
  onProgress?: (progress: AnalysisProgress) => void
  /** Ignore a cached analysis and compute a new one. */
  refresh?: boolean
}

export interface AnalysisService {
  readonly analyzer: Analyzer
  /** Loads and validates the bundle; throws `IncidentNotFoundError` for an unknown id. */
  prepare(id: string): Promise<PreparedAnalysis>
  run(prepared: PreparedAnalysis, options?: RunOptions): Promise<AnalysisResult>
}

/**
 * @example
 * const service = createAnalysisService({ loadBundle, analyzer: createOfflineAnalyzer() })
 * const result = await service.run(await service.prepare('INC-0A1B2C3D'))
 */
export function createAnalysisService(options: AnalysisServiceOptions): AnalysisService {
  const { analyzer, loadBundle } = options
  const logger = options.logger ?? silentLogger
  const now = options.now ?? Date.now
  const cache =
    options.cache === false
      ? undefined
      : createLruCache<{ fingerprint: string; result: AnalysisResult }>({
          maxEntries: 200,
          ttlMs: 6 * 3_600_000,
          now,
          ...options.cache,
        })

  async function prepare(id: string): Promise<PreparedAnalysis> {
    const input = await loadBundle(id)
    if (input === undefined) throw new IncidentNotFoundError(id)
    let bundle: IncidentBundle
    try {
      bundle = normalizeBundle(input)
    } catch (cause) {
      throw new AnalysisError('invalid_bundle', 500, `the stored rows of ${id} are invalid`, {
        cause,
      })
    }
    const ids = bundle.events.map((e) => e.event_id).sort()
    const fingerprint = createHash('sha256').update(ids.join('\n')).digest('hex').slice(0, 16)
    return { id, bundle, fingerprint }
  }

  async function run(
    { id, bundle, fingerprint }: PreparedAnalysis,
    { signal, onProgress, refresh = false }: RunOptions = {},
  ): Promise<AnalysisResult> {
    onProgress?.({
      stage: 'correlating',
      event_count: bundle.events.length,
      correlated_count: bundle.correlated.length,
    })
    const key = `${analyzer.model}\u0000${id}`
    const hit = refresh ? undefined : cache?.get(key)
    if (hit?.fingerprint === fingerprint) return { ...hit.result, cached: true }

    const output = await analyzer.analyze(bundle, {
      ...(signal ? { signal } : {}),
      ...(onProgress ? { onProgress } : {}),
    })
    const { content, unknownEventIds } = verifyCitations(output.content, bundle)
    if (unknownEventIds.length > 0) {
      logger.warn(
        { incident_id: id, model: analyzer.model, unknown_event_ids: unknownEventIds.length },
        'analysis cited event ids that are not in the bundle; removed them',
      )
    }
    const result: AnalysisResult = {
      incident_id: id,
      source: analyzer.source,
      model: analyzer.model,
      generated_at: now(),
      cached: false,
      ...content,
      usage: output.usage,
      citations: { unknown_event_ids: unknownEventIds },
      bundle: { primary_event_id: bundle.primary.event_id, event_count: bundle.events.length },
    }
    cache?.set(key, { fingerprint, result })
    return result
  }

  return { analyzer, prepare, run }
}
