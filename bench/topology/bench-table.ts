/**
 * The short table `npm run bench` prints beside its JSON report: each figure with the target
 * issue #10 sets for it, where it sets one.
 */

/** The fields of the bench report the table shows. */
export interface BenchFigures {
  eos_passthrough_per_sec: number
  eos_topology_per_sec: number
  topology_to_passthrough_ratio: number
  freshness_ms_at_1000_per_sec: { p50: number; p99: number }
  freshness_ms_at_10000_per_sec: { p50: number; p99: number }
  topology_peak_rss_mb: number
  topology_steady_rss_mb: number
  cpu_percent_of_core_idle: number
  cpu_percent_of_core_at_20_per_sec: number
}

const n = (value: number): string => value.toLocaleString('en-US')

/**
 * @example
 * console.error(benchTable(report)) // figure | value | target, one row per figure
 */
export function benchTable(r: BenchFigures): string {
  const rows: [string, string, string][] = [
    ['EOS throughput, topology', `${n(r.eos_topology_per_sec)}/s`, '>= 100,000/s'],
    ['EOS throughput, plain copy', `${n(r.eos_passthrough_per_sec)}/s`, ''],
    ['topology / plain copy', String(r.topology_to_passthrough_ratio), '>= 0.6'],
    [
      'freshness p50 / p99 at 1,000/s',
      `${n(r.freshness_ms_at_1000_per_sec.p50)} / ${n(r.freshness_ms_at_1000_per_sec.p99)} ms`,
      'p99 <= 1,000 ms',
    ],
    [
      'freshness p50 / p99 at 10,000/s',
      `${n(r.freshness_ms_at_10000_per_sec.p50)} / ${n(r.freshness_ms_at_10000_per_sec.p99)} ms`,
      '',
    ],
    [
      'RSS peak / steady',
      `${n(r.topology_peak_rss_mb)} / ${n(r.topology_steady_rss_mb)} MB`,
      '<= 512 MB',
    ],
    [
      'CPU idle / at 20 events/s',
      `${r.cpu_percent_of_core_idle} / ${r.cpu_percent_of_core_at_20_per_sec} % of a core`,
      'idle < 2%',
    ],
  ]
  const header: [string, string, string] = ['figure', 'value', 'target']
  const widths = [0, 1, 2].map((i) =>
    Math.max(...[header, ...rows].map((row) => (row[i] ?? '').length)),
  )
  const format = (row: readonly string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  return [header, ...rows].map(format).join('\n')
}
