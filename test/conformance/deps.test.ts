/**
 * Every workspace package declares exactly what it imports (issue 12, step 7). For each package named in the root
 * package.json's workspaces, every import of a package (workspace or third-party; static, type-only, re-export,
 * dynamic `import('x')` with a literal and `require('x')`) in its src/, bench/, scripts/ and bin/ (for the test
 * package: everything but fixtures/) must be in its dependencies, devDependencies or peerDependencies; Node
 * built-ins (`node:` or bare) are exempt. Test files (*.test.ts[x], test setup) may also use the shared toolchain
 * in the root package.json's devDependencies (vitest, typescript, ...). And every @passk/* package a package
 * declares must be imported somewhere in it (no stale workspace edges in the build graph).
 * Imports are read with TypeScript's own pre-processor (ts.preProcessFile), so comments and strings are not taken
 * for imports.
 */
import fs from 'node:fs'
import { builtinModules } from 'node:module'
import path from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../helpers/index.js'

interface PackageJson {
  name: string
  workspaces?: string[]
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
}

const readJson = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8')) as PackageJson
const root = readJson(path.join(repoRoot, 'package.json'))

/** Workspace package directories from the root's `workspaces` globs (`dir/*` or a plain directory). */
function workspaceDirs(): string[] {
  const out: string[] = []
  for (const w of root.workspaces ?? []) {
    if (w.endsWith('/*')) {
      const base = path.join(repoRoot, w.slice(0, -2))
      if (!fs.existsSync(base)) continue
      for (const d of fs.readdirSync(base).sort())
        if (fs.existsSync(path.join(base, d, 'package.json'))) out.push(path.join(base, d))
    } else if (fs.existsSync(path.join(repoRoot, w, 'package.json'))) out.push(path.join(repoRoot, w))
  }
  return out
}

const CODE = /\.(ts|tsx|mts|cts|js|mjs|cjs|jsx)$/
const SKIP_DIRS = new Set(['node_modules', 'dist', 'fixtures', 'coverage'])

function codeFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return []
  const out: string[] = []
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) out.push(...codeFiles(p))
    } else if (CODE.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p)
  }
  return out
}

/** The files of a package that are scanned: its sources, benches, scripts and bin (all of `test/`). */
function scannedFiles(pkgDir: string): string[] {
  if (path.resolve(pkgDir) === path.join(repoRoot, 'test'))
    return fs
      .readdirSync(pkgDir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !SKIP_DIRS.has(e.name))
      .flatMap((e) => codeFiles(path.join(pkgDir, e.name)))
  return ['src', 'bench', 'scripts', 'bin'].flatMap((d) => codeFiles(path.join(pkgDir, d)))
}

const isTestFile = (f: string, pkgDir: string) =>
  /\.test(-d)?\.(ts|tsx|js|mjs)$/.test(f) ||
  path.resolve(pkgDir) === path.join(repoRoot, 'test') ||
  f.includes(`${path.sep}test${path.sep}setup${path.sep}`)

const builtins = new Set(builtinModules)

/** The package a bare specifier names ('@scope/name/sub' → '@scope/name', 'name/sub' → 'name'); null if not bare. */
function packageOf(spec: string): string | null {
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('#') || spec.startsWith('node:')) return null
  const parts = spec.split('/')
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
  if (builtins.has(name)) return null
  return name
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8')
  const info = ts.preProcessFile(text, true, true)
  return info.importedFiles.map((f) => f.fileName)
}

const packages = workspaceDirs().map((dir) => ({ dir, json: readJson(path.join(dir, 'package.json')) }))
const rootDev = new Set(Object.keys(root.devDependencies ?? {}))

describe('every workspace package declares exactly what it imports', () => {
  it('finds the workspace packages and their imports (the scan is not empty)', () => {
    expect(packages.length).toBeGreaterThanOrEqual(15)
    expect(packages.map((p) => p.json.name)).toContain('@passk/stats')
    const core = packages.find((p) => p.json.name === '@passk/fitters')
    expect(core && scannedFiles(core.dir).flatMap(importsOf)).toContain('@passk/core')
  })

  for (const { dir, json } of packages) {
    const rel = path.relative(repoRoot, dir)
    const declared = new Set([
      ...Object.keys(json.dependencies ?? {}),
      ...Object.keys(json.devDependencies ?? {}),
      ...Object.keys(json.peerDependencies ?? {}),
    ])
    const files = scannedFiles(dir)

    it(`${json.name} (${rel}): every imported package is declared in its package.json`, () => {
      const missing: string[] = []
      for (const f of files)
        for (const spec of importsOf(f)) {
          const name = packageOf(spec)
          if (name === null || name === json.name || declared.has(name)) continue
          if (isTestFile(f, dir) && rootDev.has(name)) continue
          missing.push(`${path.relative(repoRoot, f)} imports ${name}`)
        }
      expect([...new Set(missing)]).toEqual([])
    })

    it(`${json.name} (${rel}): every declared @passk/* dependency is imported`, () => {
      const used = new Set(files.flatMap(importsOf).map(packageOf))
      const unused = [...declared].filter((d) => d.startsWith('@passk/') && !used.has(d))
      expect(unused).toEqual([])
    })
  }
})
