import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { concatCsv } from './csv-concat.ts'
import { useTempDirs } from '../testing/sinks/temp-dir.ts'

const tempDir = useTempDirs()

describe('CSV concatenation', () => {
  it('keeps one header and every row byte for byte, quoted newlines included', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'a.csv'), 'id,msg\n1,"two\nlines"\n')
    await writeFile(join(dir, 'b.csv'), 'id,msg\n2,plain\n3,""\n')
    await concatCsv([join(dir, 'a.csv'), join(dir, 'b.csv')], join(dir, 'c.csv'))
    expect(await readFile(join(dir, 'c.csv'), 'utf8')).toBe(
      'id,msg\n1,"two\nlines"\n2,plain\n3,""\n',
    )
  })

  it('refuses files written under another header', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'a.csv'), 'id,msg\n1,x\n')
    await writeFile(join(dir, 'b.csv'), 'id,msg,extra\n2,y,z\n')
    await expect(
      concatCsv([join(dir, 'a.csv'), join(dir, 'b.csv')], join(dir, 'c.csv')),
    ).rejects.toThrow('CSV header of')
  })
})
