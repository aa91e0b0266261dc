/**
 * Quoting for the few SQL texts DuckDB cannot bind parameters into: identifiers, and the file
 * paths of `COPY … TO` and `read_parquet`.
 */

/** `"name"`, with embedded double quotes doubled. */
export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`

/** `'text'`, with embedded single quotes doubled. */
export const quoteLiteral = (text: string): string => `'${text.replaceAll("'", "''")}'`
