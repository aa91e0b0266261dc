/**
 * `npm run sql -- "SELECT ..."`: runs one read-only statement on a running dashboard through
 * `POST /api/sql` and prints a table (or CSV with `--csv`). DASHBOARD_URL says where the
 * dashboard is, DASHBOARD_TOKEN is sent as the bearer token when set (never printed).
 */
import { parseArgs } from 'node:util'
import { textTable } from './text-table.ts'

const usage = `Usage: npm run sql -- [options] "<SQL>"   (or - to read the SQL from stdin)

Runs one read-only statement (SELECT, WITH, DESCRIBE, SUMMARIZE, EXPLAIN…) over the views
incidents, hourly_summary and alerts of a running dashboard.

Options:
  -p, --param <value>   bind a value to the next ? placeholder (repeatable; JSON numbers,
                        true/false/null are typed, anything else is a string)
      --csv             print CSV instead of a table
      --max-rows <n>    lower row cap
      --url <url>       dashboard address (default $DASHBOARD_URL or http://127.0.0.1:8501)
  -h, --help            show this help

Environment: DASHBOARD_URL, DASHBOARD_TOKEN (bearer token, required when the dashboard has one)
`

function paramValue(raw: string): string | number | boolean | null {
  if (
    raw === 'null' ||
    raw === 'true' ||
    raw === 'false' ||
    /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(raw)
  ) {
    return JSON.parse(raw) as number | boolean | null
  }
  return raw
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

async function main(): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        param: { type: 'string', short: 'p', multiple: true },
        csv: { type: 'boolean' },
        'max-rows': { type: 'string' },
        url: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (err) {
    process.stderr.write(`sql: ${(err as Error).message}\n\n${usage}`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help || positionals.length === 0) {
    process.stdout.write(usage)
    return values.help ? 0 : 2
  }
  const sql = positionals.join(' ') === '-' ? await readStdin() : positionals.join(' ')
  const base = values.url ?? process.env.DASHBOARD_URL ?? 'http://127.0.0.1:8501'
  const token = process.env.DASHBOARD_TOKEN
  const body = {
    sql,
    params: (values.param ?? []).map(paramValue),
    format: values.csv ? 'csv' : 'json',
    ...(values['max-rows'] ? { max_rows: Number(values['max-rows']) } : {}),
  }
  let res: Response
  try {
    res = await fetch(new URL('/api/sql', base), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    })
  } catch (err) {
    process.stderr.write(`sql: cannot reach the dashboard at ${base}: ${(err as Error).message}\n`)
    return 1
  }
  if (!res.ok) {
    const problem = (await res.json().catch(() => ({}))) as { detail?: string; code?: string }
    process.stderr.write(
      `sql: ${res.status} ${problem.code ?? ''}: ${problem.detail ?? res.statusText}\n`,
    )
    return 1
  }
  if (values.csv) {
    process.stdout.write(await res.text())
    if (res.headers.get('x-truncated') === 'true')
      process.stderr.write('sql: result truncated at the row cap\n')
    return 0
  }
  const result = (await res.json()) as {
    columns: { name: string }[]
    rows: never[][]
    row_count: number
    truncated: boolean
    elapsed_ms: number
  }
  process.stdout.write(
    `${textTable(
      result.columns.map((c) => c.name),
      result.rows,
    )}\n`,
  )
  process.stderr.write(
    `(${result.row_count} row${result.row_count === 1 ? '' : 's'}${result.truncated ? ', truncated at the row cap' : ''}; ${result.elapsed_ms} ms)\n`,
  )
  return 0
}

process.exitCode = await main()
