/**
 * The chaos verifier's verdicts and the two comparisons they come from: a set of ids seen
 * exactly once, and a set of rows equal to an expected set, field by field.
 */

export interface Verdict {
  check: string
  ok: boolean
  detail: Record<string, number | string>
}

/**
 * The verdict on ids that must each be seen exactly once: counts what is missing, extra and
 * duplicated.
 *
 * @example
 * exactlyOnce('files: each valid input exactly once', new Set(['a', 'b']), ['a', 'b'])
 */
export function exactlyOnce(check: string, expected: Set<string>, seen: string[]): Verdict {
  const distinct = new Set(seen)
  let missing = 0
  for (const id of expected) if (!distinct.has(id)) missing++
  let extra = 0
  for (const id of distinct) if (!expected.has(id)) extra++
  const duplicates = seen.length - distinct.size
  return {
    check,
    ok: missing === 0 && extra === 0 && duplicates === 0,
    detail: { expected: expected.size, seen: seen.length, duplicates, missing, extra },
  }
}

const rowKey = (r: Record<string, unknown>, fields: string[]): string =>
  JSON.stringify(fields.map((f) => (typeof r[f] === 'bigint' ? Number(r[f]) : (r[f] ?? null))))

/**
 * The verdict on rows that must equal the expected ones on the given fields: counts what is
 * missing, extra and duplicated, with one example of each missing and extra row.
 *
 * @example
 * sameRows('alerts = DuckDB batch recomputation', expected, actual, ['rule', 'key'])
 */
export function sameRows(
  check: string,
  expected: Record<string, unknown>[],
  actual: Record<string, unknown>[],
  fields: string[],
): Verdict {
  const want = new Map(expected.map((r) => [rowKey(r, fields), r]))
  const got = actual.map((r) => rowKey(r, fields))
  const gotSet = new Set(got)
  let missing = 0
  for (const k of want.keys()) if (!gotSet.has(k)) missing++
  const extra = got.filter((k) => !want.has(k)).length
  const duplicates = got.length - gotSet.size
  const detail: Verdict['detail'] = {
    expected: want.size,
    seen: got.length,
    duplicates,
    missing,
    extra,
  }
  const firstMissing = [...want.keys()].find((k) => !gotSet.has(k))
  const firstExtra = got.find((k) => !want.has(k))
  if (firstMissing !== undefined) detail.example_missing = firstMissing
  if (firstExtra !== undefined) detail.example_extra = firstExtra
  return { check, ok: missing === 0 && extra === 0 && duplicates === 0, detail }
}
