/**
 * One memory sample of a running process: what Linux reports for it (/proc) and what its
 * Prometheus endpoint reports from inside (V8 heap, external memory, engine gauges).
 */
import { readFile } from 'node:fs/promises'

export interface ProcessSample {
  /** Seconds since the soak started. */
  at: number
  rssMb: number
  /** Anonymous memory (malloc and V8 heaps), the part a leak grows. */
  anonMb: number
  threads: number
  /** CPU time the process has used so far (user + system), seconds. */
  cpuSeconds: number
  /** Gauges read from the metrics endpoint, by name without the prefix, in MB for bytes. */
  metrics: Record<string, number>
}

const kb = (text: string, field: string): number =>
  Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? NaN)

/** User + system CPU seconds from the text of /proc/PID/stat (clock ticks of 1/100 s). */
export function cpuSecondsOf(stat: string): number {
  // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** Parses the plain-number samples of a Prometheus text page, summing over labels. */
export function parseMetrics(text: string, prefix: string): Record<string, number> {
  const out: Record<string, number> = {}
  for (const line of text.split('\n')) {
    if (!line.startsWith(prefix)) continue
    const match = /^(\w+)(?:\{[^}]*\})? (\S+)$/.exec(line)
    if (!match) continue
    const name = (match[1] as string).slice(prefix.length)
    const value = Number(match[2])
    if (!Number.isFinite(value)) continue
    const scaled = name.endsWith('_bytes') ? value / 1_048_576 : value
    out[name] = (out[name] ?? 0) + scaled
  }
  return out
}

/** What Linux reports for process `pid`: RSS and its peak, anonymous memory, threads, CPU time. */
export async function procSample(pid: number) {
  const [status, rollup, stat] = await Promise.all([
    readFile(`/proc/${pid}/status`, 'utf8'),
    readFile(`/proc/${pid}/smaps_rollup`, 'utf8'),
    readFile(`/proc/${pid}/stat`, 'utf8'),
  ])
  return {
    rssMb: kb(status, 'VmRSS') / 1024,
    peakRssMb: kb(status, 'VmHWM') / 1024,
    anonMb: kb(rollup, 'Anonymous') / 1024,
    threads: kb(status, 'Threads'),
    cpuSeconds: cpuSecondsOf(stat),
  }
}

/** Samples process `pid`; `metricsUrl` is scraped when given (a failed scrape gives no gauges). */
export async function sampleProcess(
  pid: number,
  at: number,
  metricsUrl: string,
  prefix: string,
): Promise<ProcessSample> {
  const { rssMb, anonMb, threads, cpuSeconds } = await procSample(pid)
  const metrics = await fetch(metricsUrl)
    .then(async (r) => parseMetrics(await r.text(), prefix))
    .catch(() => ({}))
  return { at, rssMb, anonMb, threads, cpuSeconds, metrics }
}
