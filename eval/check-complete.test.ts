import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestDashboard, type TestDashboard } from '../dashboard/test-support.ts'
import { completeness, completenessProblem } from './check-complete.ts'

const complete = { expected: 10, rows: 10, distinct: 10, missing: 0, sample: [] }

describe('completenessProblem', () => {
  it('accepts exactly the events sent', () => {
    expect(completenessProblem(complete)).toBeUndefined()
  })

  it('names missing events first', () => {
    expect(
      completenessProblem({ ...complete, rows: 9, distinct: 8, missing: 2, sample: ['a', 'b'] }),
    ).toBe('the incidents files lack 2 of the 10 events sent (e.g. a, b)')
  })

  it('refuses duplicates and foreign rows', () => {
    expect(completenessProblem({ ...complete, rows: 11 })).toBe(
      'the incidents files hold 1 duplicates',
    )
    expect(completenessProblem({ ...complete, rows: 11, distinct: 11 })).toBe(
      'the incidents files hold 11 rows for the 10 events sent',
    )
  })
})

describe('completeness', () => {
  const event = (id: string) => ({
    event_id: id,
    event_time: Date.UTC(2026, 10, 1, 3),
    level: 'ERROR' as const,
    message: 'boom',
  })
  let t: TestDashboard
  beforeAll(async () => {
    t = await startTestDashboard({
      fixtures: { incidents: 0, extraIncidents: [event('a'), event('b')], formats: ['parquet'] },
    })
  })
  afterAll(() => t.close())

  it('counts the committed rows and finds the events they lack', async () => {
    expect(await completeness(t.db, ['a', 'b', 'c', 'd'])).toEqual({
      expected: 4,
      rows: 2,
      distinct: 2,
      missing: 2,
      sample: ['c', 'd'],
    })
    expect(completenessProblem(await completeness(t.db, ['b', 'a']))).toBeUndefined()
  })
})
