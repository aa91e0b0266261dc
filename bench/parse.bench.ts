/**
 * Single-core throughput of the topology's per-event work: timestamp parsing plus message parsing
 * (`parse`), then enrichment (`parse_enrich`). The baseline, measured in the same run on the same
 * events, is a naive parser in the original project's style, one unanchored regular expression per
 * field over the whole message plus `Date.parse`, extended to all 18 fields so that it produces
 * the same output. Rates are per second of process CPU time, which stays meaningful on a busy
 * machine; wall-clock rates are printed too. Events are generated up front; every loop is bounded. Run:
 * `node bench/parse.bench.ts [events] [rounds]`. Prints one JSON object.
 */
import { createEventGenerator } from '../generator/generate-events.ts'
import { enrichIncident } from '../transforms/enrich-incident.ts'
import type { IncidentFields, RawIncidentEvent } from '../transforms/incident-types.ts'
import { parseEventTime } from '../transforms/parse-event-time.ts'
import { parseIncident } from '../transforms/parse-incident.ts'

const count = Number(process.argv[2] ?? 500_000)
const rounds = Number(process.argv[3] ?? 5)
if (!(Number.isSafeInteger(count) && count > 0))
  throw new Error(`invalid events: ${process.argv[2]}`)
if (!(Number.isSafeInteger(rounds) && rounds > 0))
  throw new Error(`invalid rounds: ${process.argv[3]}`)

const generator = createEventGenerator({ seed: 2026, outOfOrderFraction: 0.1 })
const events: RawIncidentEvent[] = []
for (let i = 0; i < count; i++) {
  const item = generator.next()
  if (item.kind !== 'poison') events.push(item.event)
}

// The original extracted fields with one regex each over the whole message; these are its
// patterns for incident_id, service and category, and the same style for the other fields.
const naivePatterns: [keyof IncidentFields, RegExp, boolean][] = [
  ['incident_id', /(INC-[A-F0-9]+)/, false],
  ['service', /(?:Service: |for |on )([\w-]+)/, false],
  ['category', /(?:Category: |from )([A-Za-z ]+)/, false],
  ['severity', /Severity: (\w+)/, false],
  ['system_id', /(SYS-\d+)/, false],
  ['affected_users', /Affected users: (\d+)/, true],
  ['duration_minutes', /(?:Duration|Recovery time): (\d+)/, true],
  ['resolver', /Resolved by: ([\w.]+)/, false],
  ['assignee', /Assigned to: ([\w.]+)/, false],
  ['escalation_team', /Escalated to: ([\w-]+)/, false],
  ['performance_impact_pct', /increased by (\d+)%/, true],
  ['cpu_pct', /CPU: (\d+)%/, true],
  ['memory_pct', /Memory: (\d+)%/, true],
  ['disk_pct', /Disk: (\d+)%/, true],
  ['attack_type', /Attack type: ([A-Za-z -]+)/, false],
  ['source_ip', /Source IP: ([\d.]+\d)/, false],
  ['database', /Database: (\w+)/, false],
  ['affected_records', /Records affected: (\d+)/, true],
]

function naiveParse(event: RawIncidentEvent): Record<string, unknown> {
  const out: Record<string, unknown> = {
    event_id: event.event_id,
    event_time: Date.parse(event.timestamp),
    level: event.level,
    message: event.message,
  }
  for (const [field, regex, isInt] of naivePatterns) {
    const match = regex.exec(event.message)
    out[field] = match === null ? null : isInt ? Number(match[1]) : match[1]
  }
  return out
}

// One function per measurement, so that each loop's call site stays monomorphic.
function runBaseline(): number {
  let check = 0
  for (let i = 0; i < events.length; i++) {
    if (naiveParse(events[i] as RawIncidentEvent).service !== null) check++
  }
  return check
}

function runParse(): number {
  let check = 0
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as RawIncidentEvent
    const eventTime = parseEventTime(event.timestamp)
    if (eventTime === undefined) continue
    if (parseIncident(event, eventTime).parse_status === 'parsed') check++
  }
  return check
}

function runParseEnrich(): number {
  let check = 0
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as RawIncidentEvent
    const eventTime = parseEventTime(event.timestamp)
    if (eventTime === undefined) continue
    const enriched = enrichIncident(parseIncident(event, eventTime), { partition: 0, offset: i })
    if (enriched.parse_status === 'parsed') check++
  }
  return check
}

function runCopy(): number {
  let check = 0
  for (let i = 0; i < events.length; i++) {
    if ({ ...(events[i] as RawIncidentEvent) }.level === 'ERROR') check++
  }
  return check
}

interface Rates {
  /** Events per second of process CPU time (all threads, so GC helpers count): one core's worth. */
  cpu: number
  /** Events per second of wall-clock time; lower when other processes compete for the cores. */
  wall: number
}

const median = (values: number[]): number =>
  Math.round(values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number)

/** Median rates over the rounds, after one warm-up round. */
function measure(name: string, run: () => number, expected?: number): Rates {
  const cpu: number[] = []
  const wall: number[] = []
  for (let round = 0; round <= rounds; round++) {
    const startCpu = process.cpuUsage()
    const start = process.hrtime.bigint()
    const check = run()
    const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9
    const usage = process.cpuUsage(startCpu)
    if (expected !== undefined && check !== expected) {
      throw new Error(`${name}: ${check} of ${expected} events parsed`)
    }
    if (round === 0) continue
    cpu.push(events.length / ((usage.user + usage.system) / 1e6))
    wall.push(events.length / wallSeconds)
  }
  return { cpu: median(cpu), wall: median(wall) }
}

const copy = measure('copy', runCopy)
const baseline = measure('baseline', runBaseline)
const parse = measure('parse', runParse, events.length)
const parseEnrich = measure('parse_enrich', runParseEnrich, events.length)
const ratio = (a: number, b: number): number => Math.round((a / b) * 100) / 100

console.log(
  JSON.stringify({
    events: events.length,
    rounds,
    timing: 'median events per second of process CPU time',
    parse_per_sec: parse.cpu,
    parse_enrich_per_sec: parseEnrich.cpu,
    baseline_per_sec: baseline.cpu,
    baseline: 'naive: Date.parse + one unanchored regex per field (18 fields), original style',
    ratio: ratio(parse.cpu, baseline.cpu),
    ratio_enrich: ratio(parseEnrich.cpu, baseline.cpu),
    copy_per_sec: copy.cpu,
    wall: {
      parse_per_sec: parse.wall,
      parse_enrich_per_sec: parseEnrich.wall,
      baseline_per_sec: baseline.wall,
      copy_per_sec: copy.wall,
    },
    node: process.version,
  }),
)
