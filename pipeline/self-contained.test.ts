import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// The engine is a package of its own: every file of it, tests included, imports only its own
// files, Node's modules and the packages its package.json declares, never the app beside it.
const root = import.meta.dirname
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<
  string,
  Record<string, string> | undefined
>
const declared = new Set(
  ['dependencies', 'peerDependencies', 'devDependencies'].flatMap((k) =>
    Object.keys(manifest[k] ?? {}),
  ),
)

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

// Comments are left out: their examples import the package by name, as its users do.
const code = (text: string): string =>
  text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')

const specifiers = (text: string): string[] =>
  [...code(text).matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'([^']+)'/g)].map(
    (m) => m[1] as string,
  )

const packageOf = (spec: string): string =>
  spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string)

describe('the engine package', () => {
  it('imports nothing outside itself but Node and its declared dependencies', () => {
    const offending: string[] = []
    for (const file of sourceFiles(root)) {
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        const where = `${relative(root, file)}: ${spec}`
        if (spec.startsWith('.')) {
          if (relative(root, resolve(dirname(file), spec)).startsWith('..')) offending.push(where)
        } else if (spec.startsWith('node:') || builtinModules.includes(spec)) {
          continue
        } else if (!declared.has(packageOf(spec))) offending.push(where)
      }
    }
    expect(offending).toEqual([])
  })

  it('exports only entry points that exist', () => {
    const exports = manifest.exports as Record<string, string>
    for (const target of Object.values(exports)) {
      expect(sourceFiles(root)).toContain(join(root, target))
    }
  })
})
