import { describe, expect, it } from 'vitest'
import { createPipelineHealth, pipelineHealthFrom } from './pipeline-health.ts'
import { parsePrometheusText, sumOf } from './prometheus-text.ts'

const scrape = (
  recordsIn: number,
) => `# HELP incident_topology_consumer_lag High watermark minus next offset
# TYPE incident_topology_consumer_lag gauge
incident_topology_consumer_lag{topic="incidents",partition="0"} 12
incident_topology_consumer_lag{topic="incidents",partition="1"} 30
incident_topology_records_in_total{topic="incidents"} ${recordsIn}
incident_topology_last_commit_timestamp_seconds 1764302400.5
incident_topology_watermark_ms 1764302399000
weird{label="a \\"quoted\\" \\n value"} +Inf
not a metric line
`

describe('parsePrometheusText', () => {
  it('reads samples with labels, escapes and special values', () => {
    const samples = parsePrometheusText(scrape(100))
    expect(sumOf(samples, 'incident_topology_consumer_lag')).toBe(42)
    expect(samples.find((s) => s.name === 'weird')).toEqual({
      name: 'weird',
      labels: { label: 'a "quoted" \n value' },
      value: Infinity,
    })
    expect(sumOf(samples, 'absent')).toBeNull()
  })
})

describe('pipeline health', () => {
  it('derives lag, last commit and throughput between two scrapes', () => {
    const rated = `${scrape(100)}incident_topology_records_in_per_second 180\n`
    expect(pipelineHealthFrom(rated, 'incident_topology_', 1_000).throughputPerSec).toBe(180)
    const first = pipelineHealthFrom(scrape(100), 'incident_topology_', 1_000)
    expect(first).toMatchObject({
      up: true,
      lag: 42,
      lastCommitAt: 1764302400500,
      throughputPerSec: null,
    })
    const second = pipelineHealthFrom(scrape(600), 'incident_topology_', 3_000, first)
    expect(second.throughputPerSec).toBe(250)
  })

  it('reports a down endpoint as data, not as an error', async () => {
    const health = createPipelineHealth({
      url: 'http://127.0.0.1:1/metrics',
      fetch: async () => {
        throw new TypeError('fetch failed')
      },
    })
    expect(await health.read()).toMatchObject({
      up: false,
      error: 'topology metrics unavailable: fetch failed',
      lag: null,
    })
  })

  it('reports an HTTP error status and caches briefly', async () => {
    let calls = 0
    const health = createPipelineHealth({
      url: 'http://x/metrics',
      now: () => 0,
      fetch: async () => {
        calls += 1
        return new Response('nope', { status: 503 })
      },
    })
    expect((await health.read()).error).toMatch(/HTTP 503/)
    await health.read()
    expect(calls).toBe(1)
  })
})
