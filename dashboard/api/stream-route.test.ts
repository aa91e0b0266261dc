// The live stream, through app.request: a client gets `ready` and `health`, then exactly the
// incidents committed after its cursor (filtered like the list), and can resume from an event id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appendIncidents, type FixtureIncident } from '../../testing/fixtures/write-fixtures.ts'
import { startTestDashboard, type TestDashboard } from '../test-support.ts'

interface SseEvent {
  event: string
  id?: string
  data: string
}

/** Reads events from an SSE response until `until` matches one (or the timeout passes). */
function eventReader(res: Response) {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  const queued: SseEvent[] = []
  async function next(until: (e: SseEvent) => boolean, timeoutMs = 10_000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = queued.findIndex(until)
      if (found !== -1) return queued.splice(0, found + 1).at(-1) as SseEvent
      queued.length = 0
      if (Date.now() > deadline) throw new Error('no matching event before the timeout')
      const { value, done } = await reader.read()
      if (done) throw new Error('stream ended')
      buffer += decoder.decode(value, { stream: true })
      let cut
      while ((cut = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, cut)
        buffer = buffer.slice(cut + 2)
        const e: SseEvent = { event: 'message', data: '' }
        for (const line of block.split('\n')) {
          if (line.startsWith('event: ')) e.event = line.slice(7)
          else if (line.startsWith('id: ')) e.id = line.slice(4)
          else if (line.startsWith('data: ')) e.data += line.slice(6)
        }
        if (e.data !== '' || e.id) queued.push(e)
      }
    }
  }
  return { next, close: () => reader.cancel() }
}

let t: TestDashboard
const at = Date.UTC(2026, 10, 28, 6)
const row = (id: string, level: FixtureIncident['level'], offset: number): FixtureIncident => ({
  event_id: id,
  event_time: at,
  level,
  message: `live ${id}`,
  service: 'web-server',
  source_partition: 0,
  source_offset: offset,
})

beforeAll(async () => {
  t = await startTestDashboard({ fixtures: { incidents: 60 }, healthIntervalMs: 300 })
  t.db.views.watch(25)
})
afterAll(() => t.close())

describe('GET /api/stream', () => {
  it('sends ready and health, then the incidents committed after the cursor', async () => {
    const res = await t.app.request('/api/stream')
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const stream = eventReader(res)
    const ready = await stream.next((e) => e.event === 'ready')
    expect(ready.id).toBeTruthy()
    const health = JSON.parse((await stream.next((e) => e.event === 'health')).data) as {
      status: string
    }
    expect(health.status).toBe('ok')

    await appendIncidents(t.dataDir, [
      row('live-a1', 'ERROR', 10_000),
      row('live-a2', 'INFO', 10_001),
    ])
    const got = await stream.next((e) => e.event === 'incidents')
    const ids = (JSON.parse(got.data) as { event_id: string }[]).map((i) => i.event_id).sort()
    expect(ids).toEqual(['live-a1', 'live-a2'])
    expect(got.id).not.toBe(ready.id)
    await stream.close()
  })

  it('applies the filters and resumes from Last-Event-ID without repeats', async () => {
    const first = eventReader(await t.app.request('/api/stream?level=ERROR'))
    const ready = await first.next((e) => e.event === 'ready')
    await first.close()

    await appendIncidents(t.dataDir, [
      row('live-b1', 'WARNING', 20_000),
      row('live-b2', 'ERROR', 20_001),
    ])
    const resumed = eventReader(
      await t.app.request('/api/stream?level=ERROR', {
        headers: { 'last-event-id': ready.id ?? '' },
      }),
    )
    await resumed.next((e) => e.event === 'ready')
    const got = await resumed.next((e) => e.event === 'incidents')
    expect((JSON.parse(got.data) as { event_id: string }[]).map((i) => i.event_id)).toEqual([
      'live-b2',
    ])
    await resumed.close()
  })

  it('refuses a forged cursor before streaming', async () => {
    const res = await t.app.request('/api/stream?cursor=bm90LWpzb24')
    expect(res.status).toBe(400)
    expect(((await res.json()) as { code: string }).code).toBe('invalid_input')
  })

  it('ends every stream on shutdown', async () => {
    const stream = eventReader(await t.app.request('/api/stream'))
    await stream.next((e) => e.event === 'ready')
    expect(t.hub.size).toBeGreaterThan(0)
    t.hub.closeAll()
    expect(t.hub.size).toBe(0)
    await stream.close()
  })
})
