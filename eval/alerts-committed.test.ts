import { describe, expect, it } from 'vitest'
import { alertsCaughtUp } from './alerts-committed.ts'

const topic = 'run.incidents.alerts'
const manifest = (offsets: Record<string, number>): string =>
  JSON.stringify({ sources: { [topic]: offsets } })

describe('alertsCaughtUp', () => {
  it('needs no manifest when the topic is empty', () => {
    expect(
      alertsCaughtUp(
        undefined,
        topic,
        new Map([
          [0, 0],
          [1, 0],
        ]),
      ),
    ).toBe(true)
    expect(
      alertsCaughtUp(
        undefined,
        topic,
        new Map([
          [0, 0],
          [1, 4],
        ]),
      ),
    ).toBe(false)
  })

  it('accepts a next offset at the commit marker or past it, in every partition', () => {
    const ends = new Map([
      [0, 5],
      [1, 0],
      [2, 9],
    ])
    expect(alertsCaughtUp(manifest({ 0: 4, 2: 9 }), topic, ends)).toBe(true)
    expect(alertsCaughtUp(manifest({ 0: 4, 2: 7 }), topic, ends)).toBe(false)
    expect(alertsCaughtUp(manifest({ 0: 4 }), topic, ends)).toBe(false)
  })

  it('reads only the offsets of its own topic', () => {
    const other = JSON.stringify({ sources: { 'other.alerts': { 0: 9 } } })
    expect(alertsCaughtUp(other, topic, new Map([[0, 9]]))).toBe(false)
  })
})
