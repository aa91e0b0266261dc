/**
 * Dead letters raised inside the topology. The element carries what the topology knows: the
 * reason, a detail, the step, the record's origin and timestamp, and the decoded event; the Kafka
 * I/O layer adds the source topic and the original key and value bytes to make a
 * `schemas/dead-letter.avsc` record (and dead-letters undecodable bytes itself).
 */
import type { ElementContext } from '@incident-pipeline/dataflow'

/** The reasons of `schemas/dead-letter.avsc` that a topology step can raise. */
export type TopologyDeadLetterReason = 'bad_timestamp' | 'processing_error'

export interface DeadLetterElement<T> {
  reason: TopologyDeadLetterReason
  detail: string
  step: string
  source_partition: number
  source_offset: number
  /** Timestamp of the source record, epoch ms (deterministic on replay). */
  failed_at: number
  event: T
}

/**
 * @example
 * ctx.output('dead_letter', deadLetter('bad_timestamp', 'unparseable timestamp: "yesterday"', ctx, event))
 */
export function deadLetter<T>(
  reason: TopologyDeadLetterReason,
  detail: string,
  ctx: ElementContext,
  event: T,
): DeadLetterElement<T> {
  return {
    reason,
    detail,
    step: ctx.step,
    source_partition: ctx.partition,
    source_offset: ctx.offset,
    failed_at: ctx.timestamp,
    event,
  }
}
