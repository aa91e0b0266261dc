/**
 * The failures an analysis reasons about: WARNING and ERROR events that carry a category, and
 * runs of them on one service, each failure within a few minutes of the previous one. A cascade
 * repeats itself within seconds to minutes, while background noise on a service is sparse. Also
 * the category an event is evidence for. Pure.
 */
import type { Incident } from './incident-row.ts'

/** The category an event is evidence for, if any. */
export function categoryOf(event: Incident): string | undefined {
  if (event.category) return event.category
  if (event.action === 'security_breach' || event.attack_type || event.is_security) {
    return 'Security Breach'
  }
  if (event.action === 'data_corruption' || event.is_data_loss_risk) return 'Data Corruption'
  if (event.action === 'performance_degradation' || event.action === 'resource_threshold') {
    return 'Performance Degradation'
  }
  if (event.is_outage) return 'Service Outage'
  return undefined
}

/** A failure: a WARNING or ERROR event that is evidence for some category. */
export function isFailure(event: Incident): boolean {
  return event.level !== 'INFO' && categoryOf(event) !== undefined
}

/** Splits time-ordered failures into runs whose consecutive failures are at most `gapMs` apart. */
export function runsOf(failures: readonly Incident[], gapMs: number): Incident[][] {
  const runs: Incident[][] = []
  for (const e of failures) {
    const run = runs.at(-1)
    const last = run?.at(-1)
    if (run && last && e.event_time - last.event_time <= gapMs) run.push(e)
    else runs.push([e])
  }
  return runs
}

/**
 * When the cascade that ends at `t` began: walking back from `t` over the failures of the bundle,
 * each at most `gapMs` before the next, no further back than `t - lookbackMs`.
 *
 * @example
 * cascadeStart(bundle.events, primary.event_time, 2 * minute, 15 * minute)
 */
export function cascadeStart(
  events: readonly Incident[],
  t: number,
  gapMs: number,
  lookbackMs: number,
): number {
  const times = events
    .filter((e) => isFailure(e) && e.event_time <= t && e.event_time >= t - lookbackMs)
    .map((e) => e.event_time)
    .sort((a, b) => b - a)
  let start = t
  for (const time of times) {
    if (start - time > gapMs) break
    start = time
  }
  return start
}
