import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { main } from '../cli.js'
import type { CliIO } from '../io.js'
import { FIT_SECTIONS, FIT_STAGES, fitSpec } from './fit.js'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-fit-cmd-'))

function capture(): { io: CliIO; out: () => string; err: () => string } {
  const o: string[] = [],
    e: string[] = []
  const sink = (into: string[]) => {
    const s = new PassThrough()
    s.on('data', (d: Buffer) => into.push(d.toString()))
    return s
  }
  const stdout = sink(o),
    stderr = sink(e)
  return {
    io: { stdout, stderr, isTTY: false, stderrTTY: false, cwd: dir, env: { NO_COLOR: '1' } },
    out: () => o.join(''),
    err: () => e.join(''),
  }
}

/** C(n, k) as a number by the multiplicative formula (independent of the estimator's product form). */
function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0
  let r = 1
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i
  return r
}

// two models, four problems each, n = 10 attempts; c per problem
const counts: Record<string, number[]> = { alpha: [0, 3, 7, 10], beta: [1, 1, 5, 9] }
const csv = path.join(dir, 'counts.csv')
fs.writeFileSync(
  csv,
  'model,problem,n,c\n' +
    Object.entries(counts)
      .flatMap(([m, cs]) => cs.map((c, i) => `${m},p${i},10,${c}`))
      .join('\n') +
    '\n',
)

const parseCsv = (f: string) =>
  fs
    .readFileSync(f, 'utf8')
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(','))

describe('passk fit (in process)', () => {
  it('builds its spec from the typed stage list, with the options given', () => {
    const spec = fitSpec({ source: { path: csv, problemColumn: 'problem' }, passk: { k: [1, 2] }, seed: 3 })
    expect(spec.stages.map((s) => s.id)).toEqual(FIT_STAGES.map((s) => s.id))
    expect(spec.seed).toBe(3)
    expect(spec.stages[0].options).toEqual({ path: csv, problemColumn: 'problem' })
    expect(spec.stages[1].options).toEqual({ beyondN: 'fill-beta', problemTable: false, k: [1, 2] })
    expect(spec.stages.find((s) => s.id === 'coverage')?.options).toEqual({
      probabilities: 'beta-binomial',
      targets: [0.5, 0.8, 0.9],
    })
  })

  it('prints every section, writes fit-<section>.csv in the run directory and the same rows under --json', async () => {
    const out = path.join(dir, 'run')
    const c = capture()
    const code = await main(
      [
        'fit',
        csv,
        '--problem-column',
        'problem',
        '--k',
        '1,2,5',
        '--bootstrap',
        '50',
        '--json',
        '--quiet',
        '--out',
        out,
      ],
      c.io,
    )
    expect(c.err()).toBe('')
    expect(code).toBe(0)
    const doc = JSON.parse(c.out()) as {
      schemaVersion: number
      fitSummary: Record<string, { columns: string[]; rows: (string | number | null)[][] }>
    }
    expect(doc.schemaVersion).toBe(1)
    expect(Object.keys(doc.fitSummary)).toEqual(FIT_SECTIONS.map((s) => s.id))
    const pk = doc.fitSummary.passk
    expect(pk.columns).toEqual(['model', 'pass@1', 'pass@2', 'pass@5'])
    for (const [m, cs] of Object.entries(counts)) {
      const row = pk.rows.find((r) => r[0] === m)
      ;[1, 2, 5].forEach((k, j) => {
        const ref = cs.reduce((s, ci) => s + 1 - choose(10 - ci, k) / choose(10, k), 0) / cs.length
        expect(row?.[j + 1]).toBeCloseToRel(ref, 1e-12)
      })
    }
    // parameters: one row per (model, fitter, parameter), named columns
    const params = doc.fitSummary.parameters
    expect(params.columns).toEqual(['model', 'fitter', 'parameter', 'value', 'stdErr', 'lower', 'upper', 'status'])
    const bb = params.rows.filter((r) => r[1] === 'beta-binomial').map((r) => `${r[0]}:${r[2]}`)
    expect(bb.sort()).toEqual(['alpha:a', 'alpha:b', 'beta:a', 'beta:b'])
    // predictions: the observed column is the pass@5 of the passk section
    const pred = doc.fitSummary.predictions
    expect(pred.columns).toEqual(['model', 'fitter', 'pass@5 (observed)', 'pass@50', 'pass@500', 'status'])
    for (const r of pred.rows) expect(r[2]).toBe(pk.rows.find((p) => p[0] === r[0])?.[3])
    // recommended: per model pass@(10n) and pass@(100n) from one backtested model, its value inside its interval
    const rec = doc.fitSummary.recommended
    expect(rec.columns).toEqual([
      'model',
      'k',
      'ratio',
      'fitter',
      'pass@k',
      'lower',
      'upper',
      'backtest_rmse',
      'supported',
      'note',
    ])
    expect(rec.rows.map((r) => `${r[0]}@${r[1]}`).sort()).toEqual(['alpha@100', 'alpha@1000', 'beta@100', 'beta@1000'])
    for (const r of rec.rows) {
      const [v, lo, hi] = [r[4], r[5], r[6]].map(Number)
      expect(lo).toBeLessThanOrEqual(v)
      expect(v).toBeLessThanOrEqual(hi)
      // a model, or none (then the row says extrapolation is not supported)
      expect(['beta-binomial', 'zi-beta-binomial', 'power-law', null]).toContain(r[3])
      if (r[3] === null) expect(r[8]).toBe('no')
    }
    // coverage: one row per model and target
    expect(doc.fitSummary.coverage.rows.map((r) => `${r[0]}@${r[1]}`).sort()).toEqual(
      ['alpha@0.5', 'alpha@0.8', 'alpha@0.9', 'beta@0.5', 'beta@0.8', 'beta@0.9'].sort(),
    )
    // the CSV files hold the same rows (written in the run directory's one atomic write)
    for (const s of FIT_SECTIONS) {
      const rows = parseCsv(path.join(out, `fit-${s.csv}.csv`))
      expect(rows[0]).toEqual(doc.fitSummary[s.id].columns)
      expect(rows.length - 1).toBe(doc.fitSummary[s.id].rows.length)
    }
    expect(parseCsv(path.join(out, 'fit-passk.csv'))[1].slice(1).map(Number)).toEqual(
      pk.rows[0].slice(1).map((v) => Number(v)),
    )
    expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([])
  })

  it('prints the tables as text without --json', async () => {
    const c = capture()
    const code = await main(
      ['fit', csv, '--problem-column', 'problem', '--bootstrap', '20', '--quiet', '--out', path.join(dir, 'text')],
      c.io,
    )
    expect(code).toBe(0)
    for (const s of FIT_SECTIONS) expect(c.out()).toContain(s.title)
    expect(c.out()).toMatch(/^alpha +0\.5 \[/m)
  })

  it('names the flag of a bad value and suggests the flag meant', async () => {
    const a = capture()
    expect(await main(['fit', csv, '--duplicates', 'add'], a.io)).toBe(2)
    expect(a.err()).toContain('--duplicates "add"')
    const b = capture()
    expect(await main(['fit', csv, '--problem-colum', 'problem'], b.io)).toBe(2)
    expect(b.err()).toContain('Did you mean --problem-column?')
  })

  it('lists the models present when --model matches none', async () => {
    const c = capture()
    const code = await main(
      ['fit', csv, '--problem-column', 'problem', '--model', 'alpah', '--quiet', '--out', path.join(dir, 'm')],
      c.io,
    )
    expect(code).toBe(1)
    expect(c.err()).toContain('PASSK_LLM_LOGS_NO_MATCH')
    expect(c.err()).toContain('Did you mean alpha?')
    expect(c.err()).toContain(`models in ${csv}: alpha, beta`)
    expect(fs.existsSync(path.join(dir, 'm'))).toBe(false)
  })
})
