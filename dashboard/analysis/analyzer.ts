/**
 * The contract between the analysis service and whatever writes an analysis: the Gemini
 * analyzer or the offline, rule-based one. An analyzer turns a normalised incident bundle into
 * `AnalysisContent`, reports progress while it works, and honours an abort signal. Also the
 * logger shape the module expects (pino's `Logger` fits it).
 */
import type { AnalysisContent, TokenUsage } from './analysis-schema.ts'
import type { IncidentBundle } from './incident-row.ts'

/** One progress step, sent to the page as an SSE `progress` event. */
export type AnalysisProgress =
  | { stage: 'correlating'; event_count: number; correlated_count: number }
  | { stage: 'prompting'; model: string; prompt_chars: number }
  | { stage: 'generating'; chars: number; chunks: number }
  | { stage: 'retrying'; attempt: number; delay_ms: number; reason: string }

export interface AnalyzeOptions {
  /** Aborts the analysis (client gone). The analyzer adds its own overall deadline. */
  signal?: AbortSignal
  /** Called for each progress step; when given, Gemini output is streamed. */
  onProgress?: (progress: AnalysisProgress) => void
}

export interface AnalyzerOutput {
  content: AnalysisContent
  usage: TokenUsage | null
}

/** Writes an analysis of one bundle. */
export interface Analyzer {
  readonly source: 'gemini' | 'offline'
  /** Model name, part of the cache key and shown on the page. */
  readonly model: string
  analyze(bundle: IncidentBundle, options?: AnalyzeOptions): Promise<AnalyzerOutput>
}

/** Structured logger: pino-compatible `(fields, message)` calls. */
export interface AnalysisLogger {
  info(fields: object, message: string): void
  warn(fields: object, message: string): void
  error(fields: object, message: string): void
}

/** A logger that drops everything; the default when none is given. */
export const silentLogger: AnalysisLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
}
