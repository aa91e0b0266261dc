/**
 * Root-cause analysis of an incident and its correlated incidents, by Gemini (with a key) or by
 * offline rules (without). Mount `analysisRoutes` under `/api`; pick the analyzer with
 * `createAnalyzerFromEnv`; render results with `renderAnalysisHtml` or from the JSON shape
 * `AnalysisResult`. Test helpers (`fake-gemini.ts`, `test-fixtures.ts`) are not exported.
 */
export { analysisRoutes, analysisRoute, type AnalysisRouteDeps } from './routes.ts'
export { createAnalyzerFromEnv, analysisConfigFromEnv, type AnalysisConfig } from './config.ts'
export { createGeminiAnalyzer } from './gemini-analyzer.ts'
export { defaultGeminiAnalyzerOptions, type GeminiAnalyzerOptions } from './gemini-options.ts'
export {
  createOfflineAnalyzer,
  OFFLINE_MODEL,
  type OfflineAnalyzerOptions,
} from './offline-analyzer.ts'
export {
  createAnalysisService,
  type AnalysisService,
  type AnalysisServiceOptions,
  type PreparedAnalysis,
  type RunOptions,
} from './analysis-service.ts'
export type {
  AnalysisLogger,
  AnalysisProgress,
  AnalyzeOptions,
  Analyzer,
  AnalyzerOutput,
} from './analyzer.ts'
export {
  analysisContentSchema,
  analysisResultSchema,
  type AnalysisContent,
  type AnalysisResult,
  type RootCauseHypothesis,
  type TimelineEntry,
  type TokenUsage,
} from './analysis-schema.ts'
export type { IncidentBundleInput, IncidentRow, IncidentRowInput } from './incident-row.ts'
export { renderAnalysisHtml } from './render.ts'
export { analysisProblem, type Problem, type ProblemDetails } from './problem.ts'
export {
  AnalysisAbortedError,
  AnalysisError,
  AnalysisTimeoutError,
  IncidentNotFoundError,
  InvalidAnalysisRequestError,
  InvalidOutputError,
  OutputBlockedError,
  OutputTruncatedError,
  UpstreamRateLimitedError,
  UpstreamRejectedError,
  UpstreamUnavailableError,
} from './errors.ts'
