/**
 * The SQL console: a textarea editor, optional bound parameters (a JSON array), a results table,
 * CSV download, and the columns of the three views for reference. `public/sql.js` calls
 * `POST /api/sql` and builds the table with text nodes only.
 */
import { hiveColumns, tableColumns } from '../db/table-columns.ts'
import { tableNames } from '../../topology/tables.ts'
import { html, type Html } from './html.ts'
import { layout } from './layout.ts'

const example = `SELECT service, level, count(*) AS incidents
FROM incidents
WHERE event_time >= now() - INTERVAL 30 DAY
GROUP BY ALL
ORDER BY incidents DESC
LIMIT 20`

/**
 * @example
 * c.html(sqlPage({ nonce, maxRows: 10_000, timeoutMs: 10_000 }))
 */
export function sqlPage(d: { nonce: string; maxRows: number; timeoutMs: number }): Html {
  const body = html`<main class="sql">
    <h1>SQL console</h1>
    <p class="muted">
      One read-only statement (SELECT, WITH, DESCRIBE, SUMMARIZE, EXPLAIN…) over the committed data.
      At most ${d.maxRows.toLocaleString('en-US')} rows; ${d.timeoutMs / 1000} s timeout. Use
      <code>?</code> placeholders with parameters.
    </p>
    <form id="sql-form" class="sql-form">
      <label for="sql-text">Statement</label>
      <textarea id="sql-text" name="sql" rows="8" spellcheck="false">${example}</textarea>
      <label for="sql-params">Parameters (JSON array)</label>
      <input id="sql-params" name="params" value="[]" autocomplete="off" />
      <div class="buttons">
        <button type="submit" id="sql-run">Run</button>
        <button type="button" id="sql-csv">Download CSV</button>
        <span id="sql-status" role="status" class="muted"></span>
      </div>
    </form>
    <div id="sql-result" class="result"></div>
    <details class="schema">
      <summary>Tables and columns</summary>
      ${tableNames.map(
        (t) =>
          html`<h3>${t}</h3>
            <p class="cols">
              ${[...tableColumns(t), ...hiveColumns].map((c) => `${c.name} ${c.type}`).join(', ')}
            </p>`,
      )}
    </details>
  </main>` as Html
  return layout({ title: 'SQL console', nonce: d.nonce, active: 'sql', scripts: ['sql.js'] }, body)
}
