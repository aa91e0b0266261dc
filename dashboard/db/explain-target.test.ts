import { describe, expect, it } from 'vitest'
import { explainTarget } from './explain-target.ts'

describe('explainTarget', () => {
  it.each([
    ['EXPLAIN SELECT 1', ' SELECT 1'],
    ['explain analyze SELECT 1', ' SELECT 1'],
    ['EXPLAIN ANALYSE\nCOPY x TO y', '\nCOPY x TO y'],
    ["  /* c */ EXPLAIN -- c\n ANALYZE /* d */ COPY (SELECT 1) TO 'f'", " COPY (SELECT 1) TO 'f'"],
    ['EXPLAIN (FORMAT json) SELECT 1', ' SELECT 1'],
  ])('%j → %j', (sql, target) => expect(explainTarget(sql)?.trim()).toBe(target.trim()))

  it.each([
    'SELECT 1',
    'EXPLAIN',
    'EXPLAIN ANALYZE',
    "EXPLAIN (FORMAT 'json') SELECT 1",
    'EXPLAIN (x',
    'EXPLAINX SELECT 1',
  ])('refuses %j', (sql) => expect(explainTarget(sql)).toBeUndefined())
})
