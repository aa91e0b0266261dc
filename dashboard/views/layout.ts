/**
 * The page shell shared by every page: head with the stylesheet, a navigation bar, the body, and
 * the page's module scripts. Scripts and styles carry the request's CSP nonce; there is no inline
 * script or event handler anywhere.
 */
import { html, type Html } from './html.ts'

export interface LayoutOptions {
  title: string
  nonce: string
  active?: 'overview' | 'sql' | 'incident'
  scripts?: string[]
}

const nav = (active: LayoutOptions['active']) =>
  html`<nav class="top">
    <a class="brand" href="/">Incident dashboard</a>
    <a href="/" class="${active === 'overview' ? 'on' : ''}">Overview</a>
    <a href="/sql" class="${active === 'sql' ? 'on' : ''}">SQL console</a>
    <a href="/api/openapi.json">API</a>
  </nav>`

/**
 * @example
 * c.html(layout({ title: 'Overview', nonce }, html`<main>...</main>`))
 */
export function layout(o: LayoutOptions, body: Html): Html {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${o.title} · Incident dashboard</title>
        <link rel="stylesheet" href="/static/style.css" nonce="${o.nonce}" />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        ${nav(o.active)} ${body}
        ${(o.scripts ?? []).map((s) => html`<script type="module" src="/static/${s}" nonce="${o.nonce}"></script>`)}
      </body>
    </html>` as Html
}
