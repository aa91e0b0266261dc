/**
 * Sums the per-step counters of several executors (stage 1 and every stage-2 partition) into
 * one list, in first-seen step order.
 */
import type { StepMetrics } from '../compile.ts'

/**
 * @example
 * mergeStepMetrics([stage1.metrics(), stage2.metrics()])
 */
export function mergeStepMetrics(lists: readonly (readonly StepMetrics[])[]): StepMetrics[] {
  const byStep = new Map<string, StepMetrics>()
  for (const list of lists) {
    for (const m of list) {
      const prev = byStep.get(m.step)
      if (!prev) {
        byStep.set(m.step, { ...m, out: { ...m.out } })
        continue
      }
      const out: Record<string, number> = { ...prev.out }
      for (const [tag, n] of Object.entries(m.out)) out[tag] = (out[tag] ?? 0) + n
      byStep.set(m.step, { ...prev, in: prev.in + m.in, late: prev.late + m.late, out })
    }
  }
  return [...byStep.values()]
}
