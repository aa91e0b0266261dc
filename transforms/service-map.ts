/**
 * The service dependency map: which service calls which, as plain configuration users replace
 * with their own topology (`config/service-dependencies.json`). It is validated when it is loaded
 * (unknown keys, undeclared services and cycles are refused, naming the culprit) and then answers
 * graph questions for scenario generation and for correlation by map. Direction words follow the
 * request path, as in SRE practice: a service's *downstream* services are the ones it depends on
 * (calls), its *upstream* services are the ones that depend on it. Failures propagate upstream, so
 * the root cause of a symptom usually sits downstream of it. All of it is pure; reading the file
 * is `loadServiceMap` in config/service-map-file.ts.
 */
import { z } from 'zod'
import { ConfigError } from '@incident-pipeline/dataflow'
import { fieldPatterns } from './incident-templates.ts'

// Names the parser can extract from a message, so every mapped service can also be observed.
const serviceNamePattern = new RegExp(`^${fieldPatterns.service}$`)
const nameRule = 'letters, digits, dashes and underscores'
const serviceName = z.string().regex(serviceNamePattern, nameRule)

export const serviceMapSchema = z.strictObject({
  /** Free text documenting the file (JSON has no comments). */
  description: z.string().optional(),
  services: z.record(z.string(), z.strictObject({ dependsOn: z.array(serviceName) })),
})

/** The file format of a service map. */
export type ServiceMapConfig = z.infer<typeof serviceMapSchema>

/** One dependency: `from` depends on (calls) `to`. */
export interface ServiceEdge {
  from: string
  to: string
}

/** Where a service sits as seen from another one. */
export type ServiceDirection = 'upstream' | 'downstream'

/** A service within some hops of another, with its direction and shortest distance. */
export interface ServiceNeighbour {
  service: string
  direction: ServiceDirection
  hops: number
}

/** How `b` relates to `a` in {@link ServiceMap.relation}; `hops` is 0 for `same`. */
export interface ServiceRelation {
  relation: 'same' | ServiceDirection
  hops: number
}

/**
 * A validated, acyclic dependency map. Queries about a service the map does not declare answer
 * "no neighbours" rather than throw, because events can name services outside the map.
 */
export interface ServiceMap {
  /** Declared services, in file order. */
  readonly services: readonly string[]
  /** Every dependency, in file order. */
  readonly edges: readonly ServiceEdge[]
  has(service: string): boolean
  /** The services that depend on `service` directly (its callers). */
  upstreamOf(service: string): string[]
  /** The services `service` depends on directly (its dependencies). */
  downstreamOf(service: string): string[]
  /**
   * Services reachable from `service` in at most `hops` steps along dependencies in one direction
   * (all upstream or all downstream; siblings sharing a dependency are not neighbours), ordered
   * by distance, then upstream before downstream, then file order.
   */
  neighbours(service: string, hops: number): ServiceNeighbour[]
  /**
   * Where `b` sits as seen from `a`: `downstream` when `a` depends on `b` through `hops`
   * dependencies, `upstream` when `b` depends on `a`, `same` when they are equal, and undefined
   * when neither depends on the other within `maxHops` (default: any distance).
   */
  relation(a: string, b: string, maxHops?: number): ServiceRelation | undefined
}

const validHops = (name: string, hops: number): void => {
  if (!(hops === Infinity || (Number.isInteger(hops) && hops >= 0))) {
    throw new ConfigError(`invalid ${name}: ${hops}`)
  }
}

/** Shortest distances from `start` along `next`, without `start` itself. */
function distances(start: string, next: (s: string) => readonly string[]): Map<string, number> {
  const seen = new Map<string, number>([[start, 0]])
  let frontier = [start]
  for (let hops = 1; frontier.length > 0; hops++) {
    const following: string[] = []
    for (const service of frontier) {
      for (const n of next(service)) {
        if (!seen.has(n)) {
          seen.set(n, hops)
          following.push(n)
        }
      }
    }
    frontier = following
  }
  seen.delete(start)
  return seen
}

/** The first cycle found in file order, as a path that ends where it starts, or undefined. */
function findCycle(
  services: readonly string[],
  dependsOn: Map<string, string[]>,
): string[] | undefined {
  const done = new Set<string>()
  const path: string[] = []
  const onPath = new Set<string>()
  const visit = (service: string): string[] | undefined => {
    if (onPath.has(service)) return [...path.slice(path.indexOf(service)), service]
    if (done.has(service)) return undefined
    path.push(service)
    onPath.add(service)
    for (const dependency of dependsOn.get(service) ?? []) {
      const cycle = visit(dependency)
      if (cycle) return cycle
    }
    path.pop()
    onPath.delete(service)
    done.add(service)
    return undefined
  }
  for (const service of services) {
    const cycle = visit(service)
    if (cycle) return cycle
  }
  return undefined
}

function validateGraph(config: ServiceMapConfig): void {
  const declared = new Set(Object.keys(config.services))
  for (const service of declared) {
    if (!serviceNamePattern.test(service)) {
      throw new ConfigError(`invalid service map: service name '${service}': ${nameRule}`)
    }
  }
  for (const [service, { dependsOn }] of Object.entries(config.services)) {
    const seen = new Set<string>()
    for (const dependency of dependsOn) {
      if (!declared.has(dependency)) {
        throw new ConfigError(
          `invalid service map: ${service} depends on unknown service '${dependency}'` +
            ' (declare it under services)',
        )
      }
      if (seen.has(dependency)) {
        throw new ConfigError(`invalid service map: ${service} lists '${dependency}' twice`)
      }
      seen.add(dependency)
    }
  }
  const dependsOn = new Map(Object.entries(config.services).map(([s, v]) => [s, v.dependsOn]))
  const cycle = findCycle([...declared], dependsOn)
  if (cycle) throw new ConfigError(`invalid service map: dependency cycle ${cycle.join(' -> ')}`)
}

function buildServiceMap(config: ServiceMapConfig): ServiceMap {
  const services = Object.keys(config.services)
  const down = new Map(services.map((s) => [s, config.services[s]?.dependsOn ?? []]))
  const up = new Map<string, string[]>(services.map((s) => [s, []]))
  const edges: ServiceEdge[] = []
  for (const [from, dependencies] of down) {
    for (const to of dependencies) {
      edges.push({ from, to })
      up.get(to)?.push(from)
    }
  }
  const upstreamOf = (s: string): string[] => [...(up.get(s) ?? [])]
  const downstreamOf = (s: string): string[] => [...(down.get(s) ?? [])]
  // Small maps: all-pairs distances up front make every later query a lookup.
  const below = new Map(services.map((s) => [s, distances(s, (x) => down.get(x) ?? [])]))
  const above = new Map(services.map((s) => [s, distances(s, (x) => up.get(x) ?? [])]))
  const order = new Map(services.map((s, i) => [s, i]))

  return {
    services,
    edges,
    has: (service) => down.has(service),
    upstreamOf,
    downstreamOf,
    neighbours(service, hops) {
      validHops('hops', hops)
      const found: ServiceNeighbour[] = []
      for (const [direction, table] of [
        ['upstream', above],
        ['downstream', below],
      ] as const) {
        for (const [s, h] of table.get(service) ?? []) {
          if (h <= hops) found.push({ service: s, direction, hops: h })
        }
      }
      return found.sort(
        (x, y) =>
          x.hops - y.hops ||
          Number(x.direction === 'downstream') - Number(y.direction === 'downstream') ||
          (order.get(x.service) ?? 0) - (order.get(y.service) ?? 0),
      )
    },
    relation(a, b, maxHops = Infinity) {
      validHops('maxHops', maxHops)
      if (a === b) return { relation: 'same', hops: 0 }
      const downHops = below.get(a)?.get(b)
      if (downHops !== undefined && downHops <= maxHops) {
        return { relation: 'downstream', hops: downHops }
      }
      const upHops = above.get(a)?.get(b)
      if (upHops !== undefined && upHops <= maxHops) return { relation: 'upstream', hops: upHops }
      return undefined
    },
  }
}

/**
 * Validates a service map from outside the program (the parsed file, or its JSON text), or
 * throws a ConfigError naming the offending key, the unknown service or the cycle's path.
 *
 * @example
 * const map = parseServiceMap({ services: { api: { dependsOn: ['db'] }, db: { dependsOn: [] } } })
 * map.relation('api', 'db') // { relation: 'downstream', hops: 1 }
 */
export function parseServiceMap(json: unknown): ServiceMap {
  let input = json
  if (typeof json === 'string') {
    try {
      input = JSON.parse(json)
    } catch (error) {
      throw new ConfigError(`invalid service map: not JSON (${(error as Error).message})`, {
        cause: error,
      })
    }
  }
  const parsed = serviceMapSchema.safeParse(input)
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    )
    throw new ConfigError(`invalid service map: ${issues.join('; ')}`, { cause: parsed.error })
  }
  validateGraph(parsed.data)
  return buildServiceMap(parsed.data)
}
