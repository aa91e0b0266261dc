import { describe, expect, it } from 'vitest'
import { InvalidOutputError, OutputBlockedError, OutputTruncatedError } from './errors.ts'
import { parseModelOutput } from './parse-output.ts'
import { goodContent } from './test-fixtures.ts'

const text = JSON.stringify(goodContent)

describe('parseModelOutput', () => {
  it('returns validated content', () => {
    expect(parseModelOutput({ text, finishReason: 'STOP' })).toEqual(goodContent)
    expect(parseModelOutput({ text: `\`\`\`json\n${text}\n\`\`\``, finishReason: 'STOP' })).toEqual(
      goodContent,
    )
  })

  it('turns a MAX_TOKENS stop into OutputTruncatedError before trying to parse', () => {
    const run = () =>
      parseModelOutput({
        text: text.slice(0, 40),
        finishReason: 'MAX_TOKENS',
        maxOutputTokens: 512,
      })
    expect(run).toThrow(OutputTruncatedError)
    expect(run).toThrow(/output token limit \(512 tokens\)/)
  })

  it('reports other early stops', () => {
    expect(() => parseModelOutput({ text, finishReason: 'SAFETY' })).toThrow(OutputBlockedError)
  })

  it('rejects text that is not JSON, and JSON that breaks the schema, naming the field', () => {
    expect(() => parseModelOutput({ text: 'Sure! Here is', finishReason: 'STOP' })).toThrow(
      new InvalidOutputError('Gemini returned text that is not valid JSON (13 characters)'),
    )
    const bad = {
      ...goodContent,
      root_cause_hypotheses: [{ ...goodContent.root_cause_hypotheses[0], confidence: 7 }],
    }
    expect(() => parseModelOutput({ text: JSON.stringify(bad), finishReason: 'STOP' })).toThrow(
      /does not match the analysis schema: root_cause_hypotheses\.0\.confidence/,
    )
    const extra = { ...goodContent, html: '<b>' }
    expect(() => parseModelOutput({ text: JSON.stringify(extra), finishReason: 'STOP' })).toThrow(
      InvalidOutputError,
    )
    expect(() => parseModelOutput({ text: '  ', finishReason: 'STOP' })).toThrow(
      'Gemini returned an empty answer',
    )
  })
})
