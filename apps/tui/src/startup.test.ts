/**
 * Start-up structure (issue 17; speed itself is measured only by `npm run bench`): what `passk --help`
 * loads, from the sources and from the esbuild bundle, and that the bundle's worker entry points run.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const here = path.dirname(fileURLToPath(import.meta.url))
const tui = path.resolve(here, '..')
const root = path.resolve(tui, '../..')
const bin = path.join(tui, 'bin/passk.js')
const logHook = pathToFileURL(path.join(tui, 'build/log-modules.mjs')).href
// inside the package so that the bundle's bare imports resolve through node_modules as in dist/
const cache = path.join(tui, 'node_modules/.cache')
fs.mkdirSync(cache, { recursive: true })
const dist = fs.mkdtempSync(path.join(cache, 'passk-bundle-test-'))

/** Run node with the module log; returns the exit status, stdout and every resolved URL. */
function traced(args: string[], env: Record<string, string> = {}) {
  const log = path.join(dist, `modules-${Math.random().toString(36).slice(2)}.txt`)
  fs.writeFileSync(log, '')
  const r = spawnSync(process.execPath, ['--import', logHook, ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', CI: '1', PASSK_MODULE_LOG: log, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, modules: fs.readFileSync(log, 'utf8').split('\n') }
}

/** Plugin packages and heavy third-party modules that `passk --help` must not load. */
const heavy = /\/(packages\/(?!core\/)[^/]+\/|node_modules\/(ink|react|@duckdb|@resvg|zod|ml-[^/]+)\/)/

describe('passk --help from the TypeScript sources', () => {
  it('loads no plugin package, no Ink/React, DuckDB, resvg or zod', () => {
    const r = traced([bin, '--help'], { PASSK_FROM_SOURCE: '1' })
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('passk fit')
    expect(r.modules.some((u) => u.endsWith('/apps/tui/src/cli.ts'))).toBe(true)
    expect(r.modules.filter((u) => heavy.test(u))).toEqual([])
  })

  it('loads the llm-logs schema for `passk fit --help`, which lists its options as flags', () => {
    const r = traced([bin, 'fit', '--help'], { PASSK_FROM_SOURCE: '1' })
    expect(r.status).toBe(0)
    expect(r.modules.some((u) => u.includes('/packages/source-llm-logs/'))).toBe(true)
    expect(r.modules.some((u) => /node_modules\/(ink|react|@duckdb)\//.test(u))).toBe(false)
    for (const flag of ['--problem-column', '--success-column', '--group-by', '--duplicates', '--k', '--seed'])
      expect(r.stdout).toContain(flag)
  })
})

describe('the esbuild bundle', () => {
  beforeAll(async () => {
    const { bundleCli } = (await import(pathToFileURL(path.join(tui, 'build/bundle.mjs')).href)) as {
      bundleCli(dist: string): Promise<string[]>
    }
    await bundleCli(dist)
  }, 120_000)
  afterAll(() => fs.rmSync(dist, { recursive: true, force: true }))

  it('passk --help loads only the entry chunks, none holding a plugin package or Ink', () => {
    const r = traced([path.join(dist, 'bundle/passk.js'), '--help'])
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('passk fit')
    const meta = JSON.parse(fs.readFileSync(path.join(dist, 'bundle/meta.json'), 'utf8')) as {
      outputs: Record<string, { inputs: Record<string, unknown> }>
    }
    const byFile = new Map(Object.entries(meta.outputs).map(([f, o]) => [path.basename(f), Object.keys(o.inputs)]))
    const loaded = r.modules.filter((u) => u.startsWith(pathToFileURL(dist).href)).map((u) => path.basename(u))
    expect(loaded).toContain('passk.js')
    const inputs = loaded.flatMap((f) => byFile.get(f) ?? [])
    expect(inputs.some((i) => i.endsWith('apps/tui/src/cli.ts'))).toBe(true)
    expect(inputs.filter((i) => /packages\/(?!core\/)/.test(i) || i.includes('/tui/app'))).toEqual([])
    expect(r.modules.filter((u) => heavy.test(u))).toEqual([])
  })

  it('runs passk fit on a per-sample JSONL file (two threads) and writes the fit-*.csv files', () => {
    // per-sample JSONL: 3 problems × 4 attempts with 2, 0, 4 successes → pass@1 = (2/4 + 0 + 1)/3 = 0.5
    const file = path.join(dist, 'samples.jsonl')
    const rows: string[] = []
    for (const [p, c] of [
      ['t0', 2],
      ['t1', 0],
      ['t2', 4],
    ] as const)
      for (let j = 0; j < 4; j++) rows.push(JSON.stringify({ task_id: p, passed: j < c }))
    fs.writeFileSync(file, rows.join('\n') + '\n')
    const r = traced([
      path.join(dist, 'bundle/passk.js'),
      'fit',
      file,
      '--threads',
      '2',
      '--k',
      '1,2',
      '--json',
      '--out',
      path.join(dist, 'run'),
    ])
    expect(r.stderr).not.toContain('worker threads failed')
    expect(r.status).toBe(0)
    const doc = JSON.parse(r.stdout) as { fitSummary: { passk: { columns: string[]; rows: unknown[][] } } }
    expect(doc.fitSummary.passk.columns).toEqual(['model', 'pass@1', 'pass@2'])
    // pass@2 per problem: 1 − C(n−c, 2)/C(4, 2): t0 1 − 1/6, t1 0, t2 1
    expect(doc.fitSummary.passk.rows[0][1]).toBeCloseTo(0.5, 14)
    expect(doc.fitSummary.passk.rows[0][2]).toBeCloseTo((1 - 1 / 6 + 0 + 1) / 3, 14)
    for (const f of ['fit-passk.csv', 'fit-parameters.csv', 'fit-predictions.csv', 'fit-coverage.csv'])
      expect(fs.existsSync(path.join(dist, 'run', f)), f).toBe(true)
  })

  it.each(['bundle/jsonl-worker.js', 'jsonl-worker.js'])('the JSONL worker %s loads and answers', async (entry) => {
    // no chunk to claim: a worker that loaded posts `finished` at once
    const w = new Worker(path.join(dist, entry), {
      workerData: { plan: {}, cuts: [0], next: new SharedArrayBuffer(4) },
    })
    try {
      const m = await new Promise<unknown>((resolve, reject) => {
        w.once('message', resolve)
        w.once('error', reject)
      })
      expect(m).toEqual({ finished: true })
    } finally {
      await w.terminate()
    }
  })

  it("the TUI's run worker starts from the bundle and runs a spec", async () => {
    const w = new Worker(path.join(dist, 'run-worker.js'), { workerData: { cwd: root } })
    try {
      const messages: { type: string; results?: { curves: { id: string }[] }; error?: { message: string } }[] = []
      const done = new Promise<void>((resolve, reject) => {
        w.on('message', (m: (typeof messages)[number]) => {
          messages.push(m)
          if (m.type === 'ready')
            w.postMessage({
              type: 'run',
              id: 1,
              spec: {
                version: 1,
                seed: 1,
                stages: [
                  { id: 'data', use: 'sources/beta', options: { problems: 20, attempts: 8 } },
                  { id: 'passk', use: 'evaluators/passk-unbiased', input: 'data', options: { bootstrap: 20 } },
                ],
              },
            })
          if (m.type === 'done') resolve()
          if (m.type === 'error' || m.type === 'fatal') reject(new Error(m.error?.message))
        })
        w.on('error', reject)
      })
      await done
      expect(messages[0].type).toBe('ready')
      expect(messages.at(-1)?.results?.curves.map((c) => c.id)).toEqual(['passk'])
    } finally {
      await w.terminate()
    }
  }, 60_000)
})
