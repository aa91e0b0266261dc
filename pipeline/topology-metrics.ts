/**
 * The topology's Prometheus metrics: throughput in and out, consumer lag, commit latency, open
 * windows, dead-letter and late counts, restarts. One registry per process, served by
 * metrics-server.ts; the dashboard's health panel scrapes it.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import { InputRate } from './input-rate.ts'

/** The topology's Prometheus metrics and their `registry`; built by `createTopologyMetrics`. */
export interface TopologyMetrics {
  readonly registry: Registry
  readonly recordsIn: Counter<'topic'>
  /** Feeds `recordsInPerSecond`. */
  readonly inputRate: InputRate
  readonly recordsInPerSecond: Gauge
  readonly recordsOut: Counter<'topic'>
  readonly deadLetters: Counter
  readonly lateEvents: Counter
  readonly commits: Counter
  readonly restarts: Counter<'kind'>
  readonly commitLatency: Histogram
  readonly consumerLag: Gauge<'topic' | 'partition'>
  readonly openWindows: Gauge
  readonly watermark: Gauge
  readonly lastCommit: Gauge
}

/**
 * @example
 * const metrics = createTopologyMetrics()
 * metrics.recordsIn.inc({ topic: 'incidents' }, 500)
 */
export function createTopologyMetrics(prefix = 'dataflow_topology_'): TopologyMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix })
  const registers = [registry]
  return {
    registry,
    recordsIn: new Counter({
      name: `${prefix}records_in_total`,
      help: 'Records consumed and committed',
      labelNames: ['topic'],
      registers,
    }),
    inputRate: new InputRate(),
    recordsInPerSecond: new Gauge({
      name: `${prefix}records_in_per_second`,
      help: 'Records consumed and committed per second, over the last 10 s',
      registers,
    }),
    recordsOut: new Counter({
      name: `${prefix}records_out_total`,
      help: 'Records produced in committed transactions',
      labelNames: ['topic'],
      registers,
    }),
    deadLetters: new Counter({
      name: `${prefix}dead_letters_total`,
      help: 'Records sent to the dead-letter topic',
      registers,
    }),
    lateEvents: new Counter({
      name: `${prefix}late_events_total`,
      help: 'Events that arrived after their window closed',
      registers,
    }),
    commits: new Counter({
      name: `${prefix}commits_total`,
      help: 'Committed transactions',
      registers,
    }),
    restarts: new Counter({
      name: `${prefix}restarts_total`,
      help: 'Loop restarts after an aborted transaction',
      labelNames: ['kind'],
      registers,
    }),
    commitLatency: new Histogram({
      name: `${prefix}commit_latency_seconds`,
      help: 'Time to flush outputs, send offsets and commit one transaction',
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    consumerLag: new Gauge({
      name: `${prefix}consumer_lag`,
      help: 'High watermark minus next offset',
      labelNames: ['topic', 'partition'],
      registers,
    }),
    openWindows: new Gauge({
      name: `${prefix}open_windows`,
      help: 'Open (window, key) accumulators',
      registers,
    }),
    watermark: new Gauge({
      name: `${prefix}watermark_ms`,
      help: 'Event-time watermark, epoch ms',
      registers,
    }),
    lastCommit: new Gauge({
      name: `${prefix}last_commit_timestamp_seconds`,
      help: 'Wall-clock time of the last commit',
      registers,
    }),
  }
}
