/**
 * Turns the model's final text into validated `AnalysisContent`, or a clear typed error: a
 * MAX_TOKENS stop is `OutputTruncatedError` (the JSON is cut off, parsing it would only give a
 * confusing syntax error), other early stops are `OutputBlockedError`, and text that is not JSON
 * or does not match the schema is `InvalidOutputError` naming the first problems found.
 */
import { type AnalysisContent, analysisContentSchema } from './analysis-schema.ts'
import { InvalidOutputError, OutputBlockedError, OutputTruncatedError } from './errors.ts'

export interface ModelOutput {
  text: string
  finishReason: string | undefined
  maxOutputTokens?: number
}

const ACCEPTED_FINISH = new Set([undefined, 'STOP', 'FINISH_REASON_UNSPECIFIED'])

/**
 * @example
 * const content = parseModelOutput({ text: response.text, finishReason: 'STOP' })
 */
export function parseModelOutput(output: ModelOutput): AnalysisContent {
  if (output.finishReason === 'MAX_TOKENS') throw new OutputTruncatedError(output.maxOutputTokens)
  if (!ACCEPTED_FINISH.has(output.finishReason)) {
    throw new OutputBlockedError(output.finishReason ?? 'unknown')
  }
  const text = stripCodeFence(output.text.trim())
  if (text === '') throw new InvalidOutputError('Gemini returned an empty answer')

  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (cause) {
    throw new InvalidOutputError(
      `Gemini returned text that is not valid JSON (${text.length} characters)`,
      { cause },
    )
  }
  const parsed = analysisContentSchema.safeParse(json)
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    throw new InvalidOutputError(
      `Gemini's JSON does not match the analysis schema: ${problems.join('; ')}`,
      { cause: parsed.error },
    )
  }
  return parsed.data
}

/** JSON mode should not fence its output, but a ```json fence costs nothing to tolerate. */
function stripCodeFence(text: string): string {
  const match = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/.exec(text)
  return match?.[1] ?? text
}
