/**
 * Turns a generated item into the Kafka message the generator sends: Avro in the Confluent wire
 * format for events, and for poison items exactly the bad bytes the topology must dead-letter.
 */
import type { Encoder } from '@incident-pipeline/dataflow/avro'
import type { RawIncidentEvent } from '../transforms/incident-types.ts'
import type { ForeignRecord } from './poison.ts'
import type { GeneratedItem } from './generate-events.ts'

export interface ItemEncoders {
  event: Encoder<RawIncidentEvent>
  /** Encoder of the unrelated record sent as `schema_mismatch` poison. */
  foreign: Encoder<ForeignRecord>
}

/**
 * @example
 * const message = encodeItem(item, encoders) // { key: 'incident_detected', value: <Buffer 00 ...> }
 */
export interface EncodedItem {
  key: string
  value: Buffer
}

export function encodeItem(item: GeneratedItem, encoders: ItemEncoders): EncodedItem {
  if (item.kind !== 'poison') return { key: item.key, value: encoders.event.encode(item.event) }
  switch (item.poison) {
    case 'undecodable':
      return { key: item.key, value: item.bytes }
    case 'schema_mismatch':
      return { key: item.key, value: encoders.foreign.encode(item.record) }
    case 'bad_timestamp':
    case 'oversized':
      return { key: item.key, value: encoders.event.encode(item.event) }
  }
}
