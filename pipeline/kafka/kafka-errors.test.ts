import { describe, expect, it } from 'vitest'
import { classifyKafkaError } from './kafka-errors.ts'

describe('classifyKafkaError', () => {
  it('treats fenced, fatal and timed-out errors of either client API as fatal', () => {
    expect(classifyKafkaError({ code: -144 })).toBe('fatal')
    expect(classifyKafkaError({ code: 90 })).toBe('fatal')
    expect(classifyKafkaError({ code: -185 })).toBe('fatal')
    expect(classifyKafkaError({ fatal: true, code: 1 })).toBe('fatal')
    expect(classifyKafkaError({ isFatal: true, code: 1 })).toBe('fatal')
  })

  it('treats anything else as abortable', () => {
    expect(classifyKafkaError({ isFatal: false, code: 1 })).toBe('abortable')
    expect(classifyKafkaError(new Error('boom'))).toBe('abortable')
    expect(classifyKafkaError(undefined)).toBe('abortable')
  })
})
