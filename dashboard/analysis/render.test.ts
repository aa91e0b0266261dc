import { describe, expect, it } from 'vitest'
import type { AnalysisResult } from './analysis-schema.ts'
import { verifyCitations } from './citations.ts'
import { normalizeBundle } from './incident-row.ts'
import { renderAnalysisHtml, safeText } from './render.ts'
import { goodContent, injectedContent, injectionBundle } from './test-fixtures.ts'

const ALLOWED_TAGS = new Set([
  'section',
  'p',
  'h3',
  'h4',
  'ol',
  'ul',
  'li',
  'strong',
  'span',
  'code',
  'time',
])

function resultOf(content: typeof goodContent, unknown: string[] = []): AnalysisResult {
  return {
    ...content,
    incident_id: 'evt-0003',
    source: 'gemini',
    model: 'gemini-2.5-pro',
    generated_at: 0,
    cached: false,
    usage: { prompt_tokens: 1200, candidates_tokens: 350, total_tokens: 1900 },
    citations: { unknown_event_ids: unknown },
    bundle: { primary_event_id: 'evt-0003', event_count: 6 },
  }
}

/** Every tag in the fragment: only our fixed tags, with at most a constant class attribute. */
function tags(html: string): { name: string; attrs: string }[] {
  return [...html.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)].map((m) => ({
    name: m[1] ?? '',
    attrs: (m[2] ?? '').trim(),
  }))
}

describe('renderAnalysisHtml', () => {
  it('renders the four sections, token usage and cited ids', () => {
    const html = renderAnalysisHtml(resultOf(goodContent))
    for (const heading of [
      'Executive summary',
      'Root-cause hypotheses',
      'Timeline',
      'Action plan',
      'Short term',
      'Long term',
    ]) {
      expect(html).toContain(heading)
    }
    expect(html).toContain(
      'Source: Gemini (gemini-2.5-pro) · tokens: prompt 1200, output 350, total 1900',
    )
    expect(html).toContain('<span class="confidence">70%</span>')
    expect(html).toContain('<code>evt-0001</code>')
    expect(html).toContain('<li>☐ Fail over the gateway to the secondary network path.</li>')
  })

  it('produces no link, image, script or data-driven attribute from injected output', () => {
    const { content, unknownEventIds } = verifyCitations(
      injectedContent,
      normalizeBundle(injectionBundle),
    )
    const html = renderAnalysisHtml(resultOf(content, unknownEventIds))
    for (const { name, attrs } of tags(html)) {
      expect(ALLOWED_TAGS).toContain(name)
      expect(attrs).toMatch(/^(class="[a-z-]+")?$/)
    }
    expect(html).not.toMatch(/<(a|img|script)\b/i)
    expect(html).not.toContain('evil.example')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).toContain('[image removed]')
    expect(html).toContain('the fix')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('1 cited event id(s) were not in the incident data and were removed.')
  })
})

describe('safeText', () => {
  it('reduces markdown links and images to text and removes URLs', () => {
    expect(safeText('see [docs](https://x.example/a) and ![i](http://x/i.png)')).toBe(
      'see docs and [image removed]',
    )
    expect(safeText('go to https://x.example/p?q=1, or www.x.example now')).toBe(
      'go to [link removed], or [link removed] now',
    )
    expect(safeText(`"quote" & 'apos' <b>`)).toBe(
      '&quot;quote&quot; &amp; &#39;apos&#39; &lt;b&gt;',
    )
  })
})
