/**
 * Renders an `AnalysisResult` as an HTML fragment for the dashboard page. Everything in the
 * result is untrusted (the model read attacker-controlled log text), so every string is escaped
 * and the markup is a fixed set of tags with constant class attributes: no links, images or
 * attributes built from data. Markdown links and images are reduced to their label, and bare
 * URLs are replaced, so even copy-and-paste of an injected link is not offered. Pure.
 */
import type { AnalysisResult, RootCauseHypothesis, TimelineEntry } from './analysis-schema.ts'

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Plain text without markdown links, images or URLs, HTML-escaped. */
export function safeText(text: string): string {
  const plain = text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '[image removed]')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\b(?:https?|ftp|file):\/\/(?:[^\s<>"'`)\]]*[^\s<>"'`)\].,;:!?])?/gi, '[link removed]')
    .replace(/\bwww\.[^\s<>"'`)\]]*[^\s<>"'`)\].,;:!?]/gi, '[link removed]')
  return plain.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch)
}

/**
 * @example
 * container.innerHTML = renderAnalysisHtml(result) // server-side, or via the text/html route
 */
export function renderAnalysisHtml(result: AnalysisResult): string {
  const out: string[] = ['<section class="analysis">']
  out.push(`<p class="analysis-meta">${safeText(meta(result))}</p>`)
  out.push('<h3>Executive summary</h3>', `<p>${safeText(result.executive_summary)}</p>`)
  out.push('<h3>Root-cause hypotheses</h3>', '<ol class="hypotheses">')
  for (const h of result.root_cause_hypotheses) out.push(hypothesis(h))
  out.push('</ol>', '<h3>Timeline</h3>', '<ol class="timeline">')
  for (const step of result.timeline) out.push(timelineStep(step))
  out.push('</ol>', '<h3>Action plan</h3>')
  out.push('<h4>Short term</h4>', checklist(result.actions.short_term))
  out.push('<h4>Long term</h4>', checklist(result.actions.long_term))
  const unknown = result.citations.unknown_event_ids.length
  if (unknown > 0) {
    out.push(
      `<p class="analysis-warning">${unknown} cited event id(s) were not in the incident data` +
        ' and were removed.</p>',
    )
  }
  out.push('</section>')
  return out.join('\n')
}

function meta(result: AnalysisResult): string {
  const source = result.source === 'gemini' ? 'Gemini' : 'Offline rules'
  const parts = [`Source: ${source} (${result.model})`]
  if (result.usage) {
    const u = result.usage
    parts.push(
      `tokens: prompt ${u.prompt_tokens}, output ${u.candidates_tokens}, total ${u.total_tokens}`,
    )
  }
  if (result.cached) parts.push('cached')
  return parts.join(' · ')
}

function hypothesis(h: RootCauseHypothesis): string {
  const label = [h.category, h.service].filter((s) => s !== undefined).join(' · ')
  const evidence =
    h.supporting_event_ids.length > 0
      ? `<p class="evidence">Evidence: ${h.supporting_event_ids.map((id) => `<code>${safeText(id)}</code>`).join(', ')}</p>`
      : '<p class="evidence">No evidence cited.</p>'
  return [
    '<li>',
    label ? `<strong>${safeText(label)}</strong> ` : '',
    `<span class="confidence">${Math.round(h.confidence * 100)}%</span>`,
    `<p>${safeText(h.hypothesis)}</p>`,
    evidence,
    '</li>',
  ].join('')
}

function timelineStep(step: TimelineEntry): string {
  const id = step.event_id === undefined ? '' : ` <code>${safeText(step.event_id)}</code>`
  return `<li><time>${safeText(step.time)}</time>${id} ${safeText(step.description)}</li>`
}

function checklist(items: string[]): string {
  const rows = items.map((item) => `<li>☐ ${safeText(item)}</li>`).join('')
  return `<ul class="checklist">${rows}</ul>`
}
