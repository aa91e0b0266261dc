import { describe, expect, it } from 'vitest'
import { categoryBreakdown, type CategoryBreakdownRow } from './category-breakdown.ts'
import { normaliseSvg, testDocument, textsOf } from './chart-test-support.ts'

const rows: CategoryBreakdownRow[] = [
  { category: 'Network Issue', count: 12 },
  { category: 'Hardware Failure', count: 30 },
  { category: 'Security Breach', count: '7' },
  { category: null, count: 3 },
  { category: 'Software Bug', count: 12 },
  { category: 'Configuration Error', count: 1 },
]

const tickLabels = (svg: string): string[] => textsOf(svg, '[aria-label="y-axis tick label"] text')

describe('categoryBreakdown', () => {
  it('matches the SVG snapshot', async () => {
    const svg = categoryBreakdown(rows, { document: testDocument() }).outerHTML
    await expect(normaliseSvg(svg)).toMatchFileSnapshot('./__snapshots__/category-breakdown.svg')
  })

  it('sorts bars by count, ties by name', () => {
    const svg = categoryBreakdown(rows, { document: testDocument() }).outerHTML
    expect(tickLabels(svg)).toEqual([
      'Hardware Failure',
      'Network Issue',
      'Software Bug',
      'Security Breach',
      '(no category)',
      'Configuration Error',
    ])
  })

  it('folds the tail beyond maxBars into one bar', () => {
    const svg = categoryBreakdown(rows, { document: testDocument(), maxBars: 3 }).outerHTML
    expect(tickLabels(svg)).toEqual(['Hardware Failure', 'Network Issue', '4 more categories'])
    expect(svg).toContain('<title>4 more categories: 23 (35%)</title>')
  })

  it('keeps a real category named like the folded bar apart from it', () => {
    const svg = categoryBreakdown(
      [
        { category: '2 more categories', count: 9 },
        { category: 'a', count: 2 },
        { category: 'b', count: 1 },
      ],
      { document: testDocument(), maxBars: 2 },
    ).outerHTML
    expect(textsOf(svg, '[aria-label="bar"] title')).toEqual([
      '2 more categories: 9 (75%)',
      '2 more categories: 3 (25%)',
    ])
  })

  it('sums duplicate categories and skips non-positive counts', () => {
    const svg = categoryBreakdown(
      [
        { category: 'Disk', count: 2 },
        { category: 'Disk', count: 3 },
        { category: 'Zero', count: 0 },
        { category: 'Bad', count: 'n/a' },
      ],
      { document: testDocument() },
    ).outerHTML
    expect(svg).toContain('<desc>5 incidents in 1 bar; largest Disk with 5 (100%).</desc>')
  })

  it('rejects an invalid maxBars', () => {
    expect(() => categoryBreakdown(rows, { document: testDocument(), maxBars: 0 })).toThrow(
      'invalid maxBars: 0',
    )
  })
})
