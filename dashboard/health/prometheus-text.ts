/**
 * A small parser for the Prometheus text exposition format (what prom-client serves): one
 * sample per line, `name{label="value",...} value [timestamp]`, comments skipped. Enough for
 * reading the topology's gauges and counters; lines it cannot read are skipped, not fatal.
 */

export interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)(?:\s+-?\d+)?$/
const labelPair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?\s*/gy

function parseLabels(text: string | undefined): Record<string, string> | undefined {
  const labels: Record<string, string> = {}
  if (!text) return labels
  const body = text.slice(1, -1).trim()
  labelPair.lastIndex = 0
  let consumed = 0
  for (let m = labelPair.exec(body); m; m = labelPair.exec(body)) {
    labels[m[1] as string] = (m[2] as string).replace(/\\(.)/g, (_, c: string) =>
      c === 'n' ? '\n' : c,
    )
    consumed = labelPair.lastIndex
  }
  return consumed === body.length ? labels : undefined
}

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity
  if (text === '-Inf') return -Infinity
  return Number(text)
}

/**
 * @example
 * parsePrometheusText('up{job="a"} 1\n') // [{ name: 'up', labels: { job: 'a' }, value: 1 }]
 */
export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = []
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const m = sampleLine.exec(line)
    if (!m) continue
    const labels = parseLabels(m[2])
    const value = parseValue(m[3] as string)
    if (labels && !Number.isNaN(value)) samples.push({ name: m[1] as string, labels, value })
  }
  return samples
}

/** Sum of every sample of `name` (across labels), or null when the metric is absent. */
export function sumOf(samples: readonly Sample[], name: string): number | null {
  let found = false
  let sum = 0
  for (const s of samples) {
    if (s.name !== name) continue
    found = true
    sum += s.value
  }
  return found ? sum : null
}
