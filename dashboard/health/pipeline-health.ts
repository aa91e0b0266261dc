/**
 * Pipeline health as the topology reports it on its Prometheus endpoint: consumer lag,
 * throughput (records in per second: the counter's change between two scrapes, or the topology's
 * own recent rate on the first scrape), the time
 * of the last commit, the watermark, dead letters and late events. The endpoint being down is
 * a normal state to report (`up: false` with the reason), never an error of the dashboard.
 * Scrapes are cached briefly, so many open pages cost one request.
 */
import { parsePrometheusText, sumOf } from './prometheus-text.ts'

export interface PipelineHealth {
  up: boolean
  error: string | null
  scrapedAt: number
  lag: number | null
  throughputPerSec: number | null
  recordsIn: number | null
  lastCommitAt: number | null
  watermarkMs: number | null
  deadLetters: number | null
  lateEvents: number | null
}

export interface PipelineHealthOptions {
  url: string
  timeoutMs: number
  cacheMs: number
  maxBytes: number
  prefix: string
  fetch: typeof fetch
  now: () => number
}

const defaultPipelineHealthOptions = {
  timeoutMs: 1500,
  cacheMs: 2000,
  maxBytes: 4 * 1024 * 1024,
  prefix: 'incident_topology_',
  fetch: globalThis.fetch,
  now: Date.now,
} satisfies Omit<PipelineHealthOptions, 'url'>

/** Turns one scrape into health figures; `previous` supplies the throughput baseline. */
export function pipelineHealthFrom(
  text: string,
  prefix: string,
  scrapedAt: number,
  previous?: PipelineHealth,
): PipelineHealth {
  const samples = parsePrometheusText(text)
  const metric = (name: string): number | null => sumOf(samples, prefix + name)
  const recordsIn = metric('records_in_total')
  const lastCommit = metric('last_commit_timestamp_seconds')
  const dt = previous ? (scrapedAt - previous.scrapedAt) / 1000 : 0
  const throughputPerSec =
    previous?.recordsIn != null &&
    recordsIn !== null &&
    dt >= 0.5 &&
    recordsIn >= previous.recordsIn
      ? (recordsIn - previous.recordsIn) / dt
      : (previous?.throughputPerSec ?? metric('records_in_per_second'))
  return {
    up: true,
    error: null,
    scrapedAt,
    lag: metric('consumer_lag'),
    throughputPerSec,
    recordsIn,
    lastCommitAt: lastCommit ? lastCommit * 1000 : null,
    watermarkMs: metric('watermark_ms'),
    deadLetters: metric('dead_letters_total'),
    lateEvents: metric('late_events_total'),
  }
}

/**
 * @example
 * const health = createPipelineHealth({ url: 'http://127.0.0.1:9464/metrics' })
 * const { up, lag } = await health.read()
 */
export function createPipelineHealth(input: Partial<PipelineHealthOptions> & { url: string }): {
  read(): Promise<PipelineHealth>
} {
  const o: PipelineHealthOptions = { ...defaultPipelineHealthOptions, ...input }
  let last: PipelineHealth | undefined
  let lastGood: PipelineHealth | undefined
  let inFlight: Promise<PipelineHealth> | undefined

  async function scrape(): Promise<PipelineHealth> {
    const scrapedAt = o.now()
    try {
      const res = await o.fetch(o.url, {
        signal: AbortSignal.timeout(o.timeoutMs),
        redirect: 'error',
      })
      if (!res.ok) throw new Error(`metrics endpoint answered HTTP ${res.status}`)
      const text = await res.text()
      if (text.length > o.maxBytes)
        throw new Error(`metrics response larger than ${o.maxBytes} bytes`)
      lastGood = pipelineHealthFrom(text, o.prefix, scrapedAt, lastGood)
      return lastGood
    } catch (err) {
      const reason =
        err instanceof Error && err.name === 'TimeoutError'
          ? `no answer within ${o.timeoutMs} ms`
          : String((err as Error).message ?? err)
      return { ...emptyHealth(scrapedAt), error: `topology metrics unavailable: ${reason}` }
    }
  }

  return {
    read() {
      if (last && o.now() - last.scrapedAt < o.cacheMs) return Promise.resolve(last)
      inFlight ??= scrape().then((h) => {
        last = h
        inFlight = undefined
        return h
      })
      return inFlight
    },
  }
}

/** Health with no figures: the endpoint down or not scraped yet. */
export function emptyHealth(scrapedAt: number): PipelineHealth {
  return {
    up: false,
    error: null,
    scrapedAt,
    lag: null,
    throughputPerSec: null,
    recordsIn: null,
    lastCommitAt: null,
    watermarkMs: null,
    deadLetters: null,
    lateEvents: null,
  }
}
