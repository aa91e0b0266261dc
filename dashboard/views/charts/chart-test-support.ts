/**
 * Test helpers for the chart builders: a jsdom document, and the normalisation that makes an SVG
 * snapshot stable (floats rounded to two decimals, Plot's generated class and clip ids replaced,
 * each element on its own line so a diff points at the one that changed). Used only by `*.test.ts`.
 */
import { createRequire } from 'node:module'
import type { ChartDocument } from './chart-options.ts'

interface TestDocument extends ChartDocument {
  querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }>
  body: { innerHTML: string }
}

interface JsdomWindow {
  document: TestDocument
  DOMParser: new () => { parseFromString(markup: string, type: string): TestDocument }
}

// jsdom ships no type declarations and the workspace has no @types/jsdom, so load it through
// require and state the little of its shape the tests use.
const { JSDOM } = createRequire(import.meta.url)('jsdom') as {
  JSDOM: new (html?: string) => { window: JsdomWindow }
}

function testWindow(): JsdomWindow {
  return new JSDOM('<!doctype html><html><body></body></html>').window
}

/** A fresh server-side document, as the dashboard server would create one. */
export function testDocument(): TestDocument {
  return testWindow().document
}

/** Rounds floats to two decimals and replaces generated ids, so snapshots compare structure. */
export function normaliseSvg(svg: string): string {
  return `${svg
    .replace(/-?\d+\.\d+/g, (n) => String(Math.round(Number(n) * 100) / 100))
    .replace(/\bplot-(clip|pattern)-\d+\b/g, 'plot-$1-ID')
    .replace(/\bplot-[0-9a-f]{6}\b/g, 'plot-ID')
    .replace(/>(?=<(?!\/)|<\/(?:g|svg)>)/g, '>\n')}\n`
}

/** Parses serialised SVG back into a document, to check what a browser would build from it. */
export function parseMarkup(markup: string): TestDocument {
  const document = testDocument()
  document.body.innerHTML = markup
  return document
}

/** Text of the elements matching `selector` in serialised markup, in document order. */
export function textsOf(markup: string, selector: string): string[] {
  return Array.from(
    parseMarkup(markup).querySelectorAll(selector),
    (node) => node.textContent ?? '',
  )
}

/** Parses serialised SVG as a standalone XML document; a `parsererror` element marks bad XML. */
export function parseXml(markup: string): TestDocument {
  const { DOMParser } = testWindow()
  return new DOMParser().parseFromString(markup, 'image/svg+xml')
}
