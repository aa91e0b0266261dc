import { describe, expect, it } from 'vitest'
import { benchTable } from './bench-table.ts'

describe('benchTable', () => {
  it('prints each figure in aligned columns, with its target', () => {
    const table = benchTable({
      eos_passthrough_per_sec: 37_932,
      eos_topology_per_sec: 13_393,
      topology_to_passthrough_ratio: 0.353,
      freshness_ms_at_1000_per_sec: { p50: 420, p99: 6_200 },
      freshness_ms_at_10000_per_sec: { p50: 900, p99: 12_000 },
      topology_peak_rss_mb: 1_226,
      topology_steady_rss_mb: 600,
      cpu_percent_of_core_idle: 1.5,
      cpu_percent_of_core_at_20_per_sec: 9.8,
    })
    const lines = table.split('\n')
    expect(lines[0]).toMatch(/^figure\s+value\s+target$/)
    const topology = lines.find((l) => l.startsWith('EOS throughput, topology')) ?? ''
    expect(topology).toMatch(/^EOS throughput, topology +13,393\/s +>= 100,000\/s$/)
    expect(topology.indexOf('>=')).toBe((lines[0] ?? '').indexOf('target'))
    expect(table).toContain('420 / 6,200 ms')
    expect(table).toContain('1,226 / 600 MB')
    expect(table).toContain('1.5 / 9.8 % of a core')
    const valueColumn = (lines[0] as string).indexOf('value')
    expect(lines.every((l) => l[valueColumn - 1] === ' ')).toBe(true)
  })
})
