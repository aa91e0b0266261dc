/**
 * What stage 1 does with a decoded source record before any step sees it: an end-of-input marker
 * moves the stream time to the end, a record over the size limit or one that did not decode is
 * dead-lettered with its reason, and anything else is a value to process. Pure.
 */
import type { InputRecord } from '../kafka/eos-types.ts'

export const END_OF_INPUT_HEADER = 'x-end-of-input'

export type Screened =
  | { kind: 'end_of_input' }
  | { kind: 'dead_letter'; reason: string; detail: string }
  | { kind: 'value'; value: unknown }

/**
 * @example
 * screenSourceRecord(record, decoded[i], 1_048_576) // { kind: 'value', value: {...} }
 */
export function screenSourceRecord(
  record: InputRecord,
  decoded: unknown,
  maxRecordBytes: number,
): Screened {
  if (record.headers[END_OF_INPUT_HEADER] !== undefined) return { kind: 'end_of_input' }
  const bytes = record.value?.length ?? 0
  if (bytes > maxRecordBytes) {
    const detail = `record of ${bytes} bytes exceeds ${maxRecordBytes}`
    return { kind: 'dead_letter', reason: 'oversized', detail }
  }
  if (decoded instanceof Error) {
    const reason =
      'reason' in decoded && typeof decoded.reason === 'string' ? decoded.reason : 'undecodable'
    return { kind: 'dead_letter', reason, detail: decoded.message }
  }
  return { kind: 'value', value: decoded }
}
