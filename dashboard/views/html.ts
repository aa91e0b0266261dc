/**
 * HTML building blocks for the server-rendered pages. Markup comes from Hono's `html` tagged
 * template, which escapes every interpolated string (text and attribute contexts alike, quotes
 * included). Incident text is untrusted, so values go through `text()` first (which also keeps
 * lists from being spliced as markup) and URLs are only ever built here, from encoded parts.
 */
import { html, raw } from 'hono/html'
import type { JsonSafe } from '../db/json-safe.ts'

export { html, raw }

export type Html = ReturnType<typeof raw>

const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/

/** A value as display text: null as an em dash, ISO times readable in UTC, lists joined. */
export function text(value: JsonSafe | undefined): string {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'string') return isoTime.test(value) ? formatTime(value) : value
  if (Array.isArray(value)) return value.map((v) => text(v)).join(', ')
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/** `2026-11-28T03:04:05.000Z` → `2026-11-28 03:04:05 UTC`. */
export function formatTime(iso: string | number): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime())
    ? String(iso)
    : `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`
}

/** Link to an incident's page; the id is percent-encoded as one path segment. */
export function incidentHref(id: JsonSafe | undefined): string {
  return `/incidents/${encodeURIComponent(text(id))}`
}

/** A local URL with a query string built from defined values only. */
export function localHref(
  path: string,
  params: Record<string, string | number | undefined>,
): string {
  const qs = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') qs.set(k, String(v))
  const s = qs.toString()
  return s ? `${path}?${s}` : path
}

/** CSS class of a log level, from a fixed set (never from data). */
export function levelClass(level: JsonSafe | undefined): string {
  return level === 'ERROR' ? 'lv-error' : level === 'WARNING' ? 'lv-warning' : 'lv-info'
}

/** Inline SVG from a trusted serializer, with the page nonce added to its <style> elements. */
export function svgWithNonce(svg: string, nonce: string): Html {
  return raw(svg.replaceAll('<style>', `<style nonce="${nonce.replace(/[^A-Za-z0-9+/=]/g, '')}">`))
}
