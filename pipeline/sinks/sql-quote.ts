/**
 * Quoting helpers for the few places where SQL text must carry a name or a literal: identifiers
 * in generated DDL, and the committed file paths inside a view definition (DDL takes no bound
 * parameters). Query values are always bound, never passed through here.
 */

/** Quotes an identifier: `quoteIdent('a"b')` → `"a""b"`. */
export function quoteIdent(name: string): string {
  if (name.includes('\0')) throw new TypeError(`invalid identifier: ${JSON.stringify(name)}`)
  return `"${name.replaceAll('"', '""')}"`
}

/** Quotes a string literal for DDL: `quoteLiteral("it's")` → `'it''s'`. */
export function quoteLiteral(value: string): string {
  if (value.includes('\0')) throw new TypeError(`invalid literal: ${JSON.stringify(value)}`)
  return `'${value.replaceAll("'", "''")}'`
}
