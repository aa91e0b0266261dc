/**
 * A categorical legend drawn with Plot marks inside the chart's own `<svg>`. Plot's swatch legend
 * is HTML, which would turn the figure into a `<figure>` the server cannot inline as plain SVG.
 * Entries sit in the top margin, right-aligned, laid out from estimated text widths.
 */
import * as Plot from '@observablehq/plot'

/** One legend entry: a coloured symbol and its label. */
export interface SwatchEntry {
  label: string
  color: string
  /** Plot symbol name; defaults to `square`. */
  symbol?: 'square' | 'circle'
  /** Draw the symbol as an outline instead of filled. */
  hollow?: boolean
}

/** Estimated width at Plot's 10px sans-serif: capitals are wider than lower case. */
function textWidth(text: string): number {
  let width = 0
  for (const char of text) width += /[A-Z0-9]/.test(char) ? 7 : 6.2
  return width
}

const SWATCH = 12
const GAP = 14

/**
 * Marks for a one-line legend, `dy` pixels above the top of the frame, ending at its right edge.
 * Each label starts a fixed distance after its swatch, so a misjudged text width can only widen
 * or narrow the gap between entries, never push a label onto its swatch.
 */
export function swatchLegend(entries: readonly SwatchEntry[], dy = -22): Plot.Markish[] {
  const widths = entries.map((entry) => textWidth(entry.label))
  let left = -widths.reduce((sum, width) => sum + SWATCH + width + GAP, -GAP)
  const marks: Plot.Markish[] = []
  entries.forEach((entry, i) => {
    marks.push(
      Plot.dot([entry.label], {
        frameAnchor: 'top-right',
        dx: left + 4,
        dy,
        r: 4,
        symbol: entry.symbol ?? 'square',
        fill: entry.hollow ? 'white' : entry.color,
        stroke: entry.color,
        strokeWidth: entry.hollow ? 1.5 : 0,
        ariaHidden: 'true',
      }),
      Plot.text([entry.label], {
        frameAnchor: 'top-right',
        textAnchor: 'start',
        lineAnchor: 'middle',
        dx: left + SWATCH,
        dy,
        ariaHidden: 'true',
      }),
    )
    left += SWATCH + (widths[i] ?? 0) + GAP
  })
  return marks
}
