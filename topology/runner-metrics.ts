/**
 * Feeds the topology's Prometheus metrics from the Kafka runner: per-commit counts and latency,
 * and, once a second, the recent input rate, consumer lag, open windows and the watermark.
 */
import type { CommitInfo, KafkaRunner } from '@incident-pipeline/dataflow/kafka'
import type { TopologyMetrics } from '@incident-pipeline/dataflow'

/** Records one committed transaction. */
export function recordCommit(
  metrics: TopologyMetrics,
  sinkTopics: Record<string, string>,
  info: CommitInfo,
): void {
  metrics.commits.inc()
  metrics.commitLatency.observe(info.latencyMs / 1000)
  metrics.lastCommit.set(Date.now() / 1000)
  for (const [topic, n] of Object.entries(info.inputs)) metrics.recordsIn.inc({ topic }, n)
  metrics.inputRate.add(
    Object.values(info.inputs).reduce((a, b) => a + b, 0),
    Date.now(),
  )
  for (const [topic, n] of Object.entries(info.outputs)) metrics.recordsOut.inc({ topic }, n)
  const deadLetters = info.outputs[sinkTopics.dead_letter ?? ''] ?? 0
  if (deadLetters > 0) metrics.deadLetters.inc(deadLetters)
  const late = info.outputs[sinkTopics.late ?? ''] ?? 0
  if (late > 0) metrics.lateEvents.inc(late)
}

/**
 * @example
 * const unwatch = watchRunner(runner, metrics)
 */
export function watchRunner(
  runner: KafkaRunner,
  metrics: TopologyMetrics,
  intervalMs = 1_000,
): () => void {
  const timer = setInterval(() => {
    metrics.consumerLag.reset()
    for (const [key, lag] of runner.processor.lag()) {
      const at = key.lastIndexOf(':')
      metrics.consumerLag.set({ topic: key.slice(0, at), partition: key.slice(at + 1) }, lag)
    }
    metrics.recordsInPerSecond.set(metrics.inputRate.perSecond(Date.now()))
    metrics.openWindows.set(runner.runtime.openWindows())
    const watermark = runner.runtime.watermark()
    if (watermark !== undefined && Number.isFinite(watermark)) metrics.watermark.set(watermark)
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
