/**
 * Options, types and finishing touches shared by every chart builder. A builder is a pure
 * function `(rows, options) => figure`; it draws with Observable Plot into the `document` it is
 * given (a jsdom `window.document` on the server), so no browser global is ever touched. The
 * types here are structural on purpose: the workspace compiles without the DOM lib, and a real
 * `Document`/`SVGSVGElement` satisfies them as well as jsdom's do.
 */
import { ConfigError } from '@incident-pipeline/dataflow'

/** The part of a DOM `Document` the builders use themselves; Plot uses the rest of it. */
export interface ChartDocument {
  createElementNS(namespace: string, qualifiedName: string): ChartNode
}

/** A DOM node as far as the builders touch it. */
export interface ChartNode {
  textContent: string | null
  setAttribute(name: string, value: string): void
}

/** The figure a builder returns: Plot's root `<svg>` element. */
export interface ChartFigure extends ChartNode {
  readonly outerHTML: string
  readonly firstChild: ChartNode | null
  insertBefore(node: ChartNode, child: ChartNode | null): ChartNode
  appendChild(node: ChartNode): ChartNode
}

/** Options every builder accepts. */
export interface ChartOptions {
  /** Document Plot creates elements in; on the server, a jsdom `window.document`. */
  document: ChartDocument
  /** Outer width in pixels. */
  width: number
  /** Outer height in pixels; band charts size themselves to their rows when it is undefined. */
  height?: number
  /** Accessible name: the SVG's `<title>` and `aria-label`. */
  title: string
  /** Accessible description (`<desc>`); a summary of the data when undefined. */
  description?: string
  /** Text shown instead of the chart when there is nothing to draw. */
  emptyMessage: string
}

/** What a caller passes: any subset of the options, plus the document, which has no default. */
export type ChartInput<O extends ChartOptions> = Partial<O> & { document: ChartDocument }

/** Shape of a builder's `defaultXOptions`: everything but the document. */
export type ChartDefaults<O extends ChartOptions> = Omit<O, 'document'>

/** A pure chart builder. */
export type ChartBuilder<Row, O extends ChartOptions> = (
  rows: readonly Row[],
  options: ChartInput<O>,
) => ChartFigure

const SVG_NS = 'http://www.w3.org/2000/svg'

/** Merges `input` over `defaults` and validates the result; a `ConfigError` names any bad value. */
export function resolveChartOptions<O extends ChartOptions>(
  defaults: ChartDefaults<O>,
  input: ChartInput<O>,
): O {
  const options = { ...defaults, ...input } as O
  if (typeof options.document?.createElementNS !== 'function') {
    throw new ConfigError(`invalid document: ${String(options.document)} (pass a jsdom document)`)
  }
  checkSize('width', options.width)
  if (options.height !== undefined) checkSize('height', options.height)
  return options
}

function checkSize(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 50) throw new ConfigError(`invalid ${name}: ${value}`)
}

/**
 * Makes Plot's `<svg>` self-describing: an `xmlns` so the markup also stands alone as a file,
 * `role="img"` with a `<title>` and `<desc>` so assistive technology announces one image with a
 * summary instead of hundreds of rects. Text goes in through `textContent`, never as markup.
 */
export function finishChart(
  figure: ChartFigure,
  document: ChartDocument,
  title: string,
  description: string,
): ChartFigure {
  figure.setAttribute('xmlns', SVG_NS)
  figure.setAttribute('role', 'img')
  const desc = document.createElementNS(SVG_NS, 'desc')
  desc.textContent = description
  figure.insertBefore(desc, figure.firstChild)
  const titleNode = document.createElementNS(SVG_NS, 'title')
  titleNode.textContent = title
  figure.insertBefore(titleNode, figure.firstChild)
  return figure
}
