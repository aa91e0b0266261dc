/**
 * The alert record (`schemas/alert.avsc`) and what every rule kind shares to build one: the
 * incident fields the rules read, deterministic ids, and the 10 earliest sample events kept
 * whatever the arrival order. Pure.
 */
import { createHash } from 'node:crypto'
import type { EnrichedIncident } from './incident-types.ts'

/** What an alert record reports: `fired` opens an alert, `updated` gives a new count while it is open, `resolved` closes it. */
export type AlertState = 'fired' | 'updated' | 'resolved'

/** A record of `schemas/alert.avsc`. */
export interface Alert {
  alert_id: string
  /** One per rule and key: the records of an alert's lifecycle share it. */
  fingerprint: string
  state: AlertState
  rule: string
  rule_kind: 'threshold' | 'rate' | 'anomaly'
  key: string
  window_start: number
  window_end: number
  count: number
  threshold: number
  /** Anomaly rules: −log10 of the count's Poisson tail probability under the baseline. */
  score: number | null
  /** Anomaly rules: the count the baseline expects in the window. */
  expected: number | null
  sample_event_ids: string[]
  fired_at: number
}

/** The fields of an enriched incident the rules read. */
export type AlertInput = Pick<
  EnrichedIncident,
  | 'event_id'
  | 'event_time'
  | 'level'
  | 'action'
  | 'severity_normalized'
  | 'service'
  | 'category'
  | 'system_id'
>

/** An [event time, event id] pair. */
export type Sample = [number, string]

export const maxSamples = 10

const bySample = (a: Sample, b: Sample): number =>
  a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)

/** Adds `sample` to the 10 earliest in `samples` (sorted), in place. */
export function addSample(samples: Sample[], sample: Sample): void {
  if (samples.length >= maxSamples) {
    const last = samples.at(-1)
    if (last === undefined || bySample(sample, last) >= 0) return
    samples.pop()
  }
  let at = samples.length
  while (at > 0 && bySample(sample, samples[at - 1] as Sample) < 0) at--
  samples.splice(at, 0, sample)
}

/** The 10 earliest of several sample lists. */
export const mergeSamples = (lists: readonly Sample[][]): Sample[] =>
  lists.flat().sort(bySample).slice(0, maxSamples)

const digest = (parts: unknown[]): string =>
  createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32)

/** Id of one lifecycle record: a digest of rule, key, window start and state, the same on replay. */
export function stateRecordId(
  rule: string,
  key: string,
  windowStart: number,
  state: AlertState,
): string {
  return digest([rule, key, windowStart, state])
}

/** What identifies an alert across its records, as Alertmanager's label fingerprint. */
export function alertFingerprint(rule: string, key: string): string {
  return digest([rule, key])
}
