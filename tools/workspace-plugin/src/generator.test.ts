/**
 * Runs `nx g @passk/tools:data-source` in a temporary copy of the workspace (root config, test/setup,
 * packages/core, node_modules symlinked), then typechecks the generated package and runs its tests.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const BIN = path.join(ROOT, 'node_modules/.bin')
const require = createRequire(import.meta.url)
const { normalize } = require('./generators/data-source/generator.cjs') as {
  normalize: (tree: unknown, schema: Record<string, unknown>) => Record<string, string>
}

function sh(cmd: string, args: string[], cwd: string): Promise<{ code: number; out: string }> {
  // The child must not think it runs inside this vitest worker.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'TEST' && k !== 'NODE_ENV'),
  )
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      {
        cwd,
        timeout: 150_000,
        maxBuffer: 16 << 20,
        env: {
          ...env,
          NX_DAEMON: 'false',
          NX_NO_CLOUD: 'true',
          NX_SKIP_NX_CACHE: 'true',
          NX_TUI: 'false',
          CI: '1',
          NO_COLOR: '1',
          FORCE_COLOR: '0',
        },
      },
      (err, stdout, stderr) =>
        resolve({
          code: err ? (typeof err.code === 'number' ? err.code : 1) : 0,
          out: `${stdout}\n${stderr}`
            .replace(/\u001b\[[0-9;]*m/g, '')
            .split('\n')
            .filter((l) => !l.includes('Unknown user config'))
            .join('\n'),
        }),
    )
  })
}

function tempWorkspace(): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-gen-'))
  for (const f of ['package.json', 'nx.json', 'tsconfig.base.json', 'vitest.shared.ts'])
    fs.copyFileSync(path.join(ROOT, f), path.join(ws, f))
  fs.cpSync(path.join(ROOT, 'test/setup'), path.join(ws, 'test/setup'), { recursive: true })
  fs.cpSync(path.join(ROOT, 'packages/core'), path.join(ws, 'packages/core'), {
    recursive: true,
    filter: (src) => !src.includes(`${path.sep}node_modules`) && !src.includes(`${path.sep}dist`),
  })
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(ws, 'node_modules'), 'dir')
  return ws
}

/** Minimal Nx Tree stand-in for normalize(): exists + read. */
function fakeTree(files: Record<string, string>) {
  return {
    exists: (p: string) => p in files || Object.keys(files).some((f) => f.startsWith(p + '/')),
    read: (p: string) => Buffer.from(files[p] ?? ''),
    isFile: (p: string) => p in files,
  }
}

describe('data-source generator', () => {
  it('creates packages/source-<name> that typechecks and passes its own tests', async () => {
    const ws = tempWorkspace()
    try {
      const gen = await sh(path.join(BIN, 'nx'), ['g', '@passk/tools:data-source', 'toy-bench', '--no-interactive'], ws)
      expect(gen.out).toContain('CREATE packages/source-toy-bench/src/toy-bench.ts')
      expect(gen.code).toBe(0)
      const dir = path.join(ws, 'packages/source-toy-bench')
      expect(fs.readdirSync(dir).sort()).toEqual([
        'README.md',
        'package.json',
        'src',
        'tsconfig.build.json',
        'tsconfig.json',
        'vitest.config.ts',
      ])
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
      const core = JSON.parse(fs.readFileSync(path.join(ROOT, 'packages/core/package.json'), 'utf8'))
      expect(pkg.name).toBe('@passk/source-toy-bench')
      expect(pkg.dependencies['@passk/core']).toBe(`^${core.version}`)
      expect(pkg.exports['.']['@passk/source']).toBe('./src/index.ts')
      const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8')
      for (const h of [
        '## What is this?',
        '## When should I use this?',
        '## Use',
        '## Plugins',
        '## API',
        '## Math & references',
        '## Compatibility',
      ])
        expect(readme).toContain(h)
      const tsc = await sh(path.join(BIN, 'tsc'), ['-p', 'tsconfig.json', '--noEmit'], dir)
      expect(tsc.out.trim()).toBe('')
      expect(tsc.code).toBe(0)
      const test = await sh(path.join(BIN, 'vitest'), ['run'], dir)
      expect(test.out).toMatch(/Tests\s+7 passed \(7\)/)
      expect(test.code).toBe(0)
    } finally {
      fs.rmSync(ws, { recursive: true, force: true })
    }
  }, 180_000)

  it('refuses a name that is not kebab-case and a package that already exists', () => {
    const tree = fakeTree({ 'package.json': '{"version":"0.1.0"}', 'packages/source-taken/package.json': '{}' })
    expect(() => normalize(tree, { name: 'My_Bench' })).toThrow(
      'data-source: name "My_Bench" must be kebab-case (a–z, 0–9, -), starting with a letter, e.g. "my-benchmark".',
    )
    expect(() => normalize(tree, { name: 'taken' })).toThrow(
      'data-source: packages/source-taken already exists; pick another name or delete it first.',
    )
    const o = normalize(tree, { name: 'two-words' })
    expect([o.packageName, o.propertyName, o.className, o.offset]).toEqual([
      '@passk/source-two-words',
      'twoWords',
      'TwoWords',
      '../../',
    ])
  })
})
