import { describe, expect, it } from 'vitest'
import { textTable } from './text-table.ts'

describe('textTable', () => {
  it('pads columns, right-aligns numbers and shows NULL', () => {
    expect(
      textTable(
        ['level', 'n'],
        [
          ['ERROR', 7],
          ['INFO', null],
        ],
      ),
    ).toBe('level |    n\n------+-----\nERROR |    7\nINFO  | NULL')
  })

  it('cuts long cells and makes control characters visible', () => {
    expect(textTable(['m'], [['a\u001b[2Jb\nc'.padEnd(80, 'x')]], 12)).toBe(
      'm\n------------\na\\x1b[2Jb\\n…',
    )
  })
})
