/**
 * The service each event of a bundle is about. Most events name it; security breaches and data
 * corruption name only a `system_id`, so they are tied to the service that owns that system in
 * the same bundle (the service most often seen with it), or to the service the store already
 * linked them to. Pure.
 */
import type { Incident, IncidentBundle } from './incident-row.ts'

/**
 * @example
 * const serviceOf = eventServices(bundle)
 * serviceOf(breach) // 'load-balancer', through the breach's system id
 */
export function eventServices(bundle: IncidentBundle): (event: Incident) => string | undefined {
  const seen = new Map<string, Map<string, number>>()
  for (const e of bundle.events) {
    if (e.service === null || e.system_id === null) continue
    const counts = seen.get(e.system_id) ?? new Map<string, number>()
    counts.set(e.service, (counts.get(e.service) ?? 0) + 1)
    seen.set(e.system_id, counts)
  }
  const owner = new Map<string, string>()
  for (const [system, counts] of seen) {
    const [best] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    if (best) owner.set(system, best[0])
  }
  return (event) =>
    event.service ??
    (event.system_id === null ? undefined : owner.get(event.system_id)) ??
    event.linked_service ??
    undefined
}
