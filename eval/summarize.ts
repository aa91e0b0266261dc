/**
 * The evaluation's summary: per analyzer, one row per scenario kind and one for all kinds, with
 * the share of scenarios whose root service came first and among the first three, whose root
 * category came first, the share of cited evidence that belongs to the scenario, and the median
 * analysis time. Pure.
 */
import type { Case } from './score.ts'

export interface SummaryRow {
  analyzer: string
  kind: string
  scenarios: number
  top1: string
  top3: string
  category: string
  evidence_in_scenario: string
  median_ms: number
}

const pct = (n: number, d: number): string =>
  d === 0 ? '—' : `${Math.round((1000 * n) / d) / 10}%`

/**
 * @example
 * textTable(Object.keys(rows[0]), summarize(cases, kinds).map(Object.values))
 */
export function summarize(cases: readonly Case[], kinds: readonly string[]): SummaryRow[] {
  return [...new Set(cases.map((c) => c.analyzer))].flatMap((analyzer) =>
    [...kinds, 'all'].map((kind) => {
      const cs = cases.filter((c) => c.analyzer === analyzer && (kind === 'all' || c.kind === kind))
      const share = (f: (c: Case) => boolean): string => pct(cs.filter(f).length, cs.length)
      const cited = cs.reduce((n, c) => n + c.cited, 0)
      const inScenario = cs.reduce((n, c) => n + c.citedInScenario, 0)
      const ms = cs.map((c) => c.ms).sort((a, b) => a - b)
      return {
        analyzer,
        kind,
        scenarios: cs.length,
        top1: share((c) => c.top1),
        top3: share((c) => c.top3),
        category: share((c) => c.category),
        evidence_in_scenario: pct(inScenario, cited),
        median_ms: ms[Math.floor(ms.length / 2)] ?? 0,
      }
    }),
  )
}
