/**
 * The validate step: parses each raw event's timestamp text (strictly, see parse-event-time.ts)
 * and makes it the element's event time, or dead-letters the event with reason `bad_timestamp`.
 * Until this step an element's timestamp is its Kafka record's; from here on it is event time.
 */
import type { DoFn } from '@incident-pipeline/dataflow'
import { deadLetter, type DeadLetterElement } from './dead-letter.ts'
import type { RawIncidentEvent } from './incident-types.ts'
import { parseEventTime } from './parse-event-time.ts'

export type AssignEventTimeOutputs = {
  main: RawIncidentEvent
  dead_letter: DeadLetterElement<RawIncidentEvent>
}

const shown = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 100 ? `${text.slice(0, 100)}…` : text
}

/**
 * @example
 * const { main, dead_letter } = raw.parDo('validate', assignEventTime())
 */
export function assignEventTime(): DoFn<RawIncidentEvent, AssignEventTimeOutputs> {
  return {
    tags: ['main', 'dead_letter'],
    process(event, ctx) {
      const text: unknown = event.timestamp
      const eventTime = typeof text === 'string' ? parseEventTime(text) : undefined
      if (eventTime === undefined) {
        ctx.output(
          'dead_letter',
          deadLetter('bad_timestamp', `unparseable timestamp: ${shown(text)}`, ctx, event),
        )
      } else {
        ctx.output('main', event, eventTime)
      }
    },
  }
}
