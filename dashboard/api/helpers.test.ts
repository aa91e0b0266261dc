import { describe, expect, it } from 'vitest'
import { safeEqual, safeNext, sessionValue } from './auth.ts'
import { toCsv } from './csv.ts'
import { etagMatches } from './static-assets.ts'

describe('toCsv', () => {
  it('quotes per RFC 4180 and writes nulls as empty cells', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          [1, 'x,"y"'],
          [null, 'line\nbreak'],
        ],
      ),
    ).toBe('a,b\r\n1,"x,""y"""\r\n,"line\nbreak"\r\n')
  })

  it('defuses spreadsheet formulas in text but leaves numbers alone', () => {
    expect(toCsv(['m'], [['=HYPERLINK("http://x")'], ['@cmd'], [-5]])).toBe(
      'm\r\n"\'=HYPERLINK(""http://x"")"\r\n\'@cmd\r\n-5\r\n',
    )
  })

  it('writes nested values as JSON', () => {
    expect(toCsv(['l'], [[['a', 'b']]])).toBe('l\r\n"[""a"",""b""]"\r\n')
  })
})

describe('auth helpers', () => {
  it('only redirects to local paths after sign-in', () => {
    expect(safeNext('/incidents/INC-1')).toBe('/incidents/INC-1')
    for (const bad of [
      '//evil.example',
      '/\\evil.example',
      'https://evil.example',
      'javascript:alert(1)',
      undefined,
    ]) {
      expect(safeNext(bad)).toBe('/')
    }
  })

  it('derives the session cookie from the token without containing it', () => {
    const token = 'correct-horse-battery-staple'
    expect(sessionValue(token)).not.toContain(token)
    expect(sessionValue(token)).toBe(sessionValue(token))
    expect(safeEqual('a', 'a')).toBe(true)
    expect(safeEqual('a', 'ab')).toBe(false)
  })
})

describe('etagMatches', () => {
  it('compares weakly and understands lists and *', () => {
    expect(etagMatches('"abc"', '"abc"')).toBe(true)
    expect(etagMatches('W/"abc"', '"abc"')).toBe(true)
    expect(etagMatches('"x", "abc"', '"abc"')).toBe(true)
    expect(etagMatches('*', '"abc"')).toBe(true)
    expect(etagMatches('"abd"', '"abc"')).toBe(false)
    expect(etagMatches(undefined, '"abc"')).toBe(false)
  })
})
