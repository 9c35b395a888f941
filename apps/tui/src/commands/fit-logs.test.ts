/**
 * `passk fit` end to end on logs as they are collected (issue 14 §5–6): batch stopping (per attempt and counts
 * only), ragged n (model-based points labelled, curve fits on observed points only), and readable output
 * (recommendation first, warnings grouped by code).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createRng, type RunWarning } from '@passk/core'
import { main } from '../cli.js'
import type { CliIO } from '../io.js'
import { warningLines } from '../headless.js'
import { createProgressPrinter } from '../progress.js'
import { FIT_SECTIONS } from './fit.js'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-fit-logs-'))

function capture(): { io: CliIO; out: () => string; err: () => string } {
  const o: string[] = [],
    e: string[] = []
  const sink = (into: string[]) => {
    const s = new PassThrough()
    s.on('data', (d: Buffer) => into.push(d.toString()))
    return s
  }
  return {
    io: { stdout: sink(o), stderr: sink(e), isTTY: false, stderrTTY: false, cwd: dir, env: { NO_COLOR: '1' } },
    out: () => o.join(''),
    err: () => e.join(''),
  }
}

interface Doc {
  curves: {
    stage: string
    id: string
    series: { label: string; x: number[]; y: number[]; se?: number[]; style?: string }[]
  }[]
  fits: { stage: string; target: string; goodness?: { n?: number } }[]
  warnings: RunWarning[]
  fitSummary: Record<string, { columns: string[]; rows: (string | number | null)[][] }>
}

/** q ~ Beta(0.3, 3); attempts in batches of 60 until the first batch with a success, at most 10 batches. */
function batchStopping(P: number, seed: number): number[][] {
  const rng = createRng(seed)
  const out: number[][] = []
  for (let i = 0; i < P; i++) {
    const q = rng.beta(0.3, 3)
    const a: number[] = []
    for (let b = 0; b < 10; b++) {
      for (let j = 0; j < 60; j++) a.push(rng.uniform() < q ? 1 : 0)
      if (a.includes(1)) break
    }
    out.push(a)
  }
  return out
}
// mpmath: 1 − B(0.3, 3 + k)/B(0.3, 3) at k = 1, 2, 4, …, 512 and 600 (the largest n)
const TRUTH = [
  0.09090909090909083, 0.15433403805496826, 0.24019230732701546, 0.340198806272916, 0.4422448064805936,
  0.5368236413828598, 0.6193548403073564, 0.6889513246421188, 0.7465760527040552, 0.7938383610968154,
  0.8033735637458215,
]

describe('passk fit on a batch-stopping log (batches of 60 until the first success)', () => {
  const logs = batchStopping(1000, 21)
  const samples = path.join(dir, 'batch-samples.csv')
  fs.writeFileSync(
    samples,
    'model,problem,attempt,success\n' + logs.flatMap((a, i) => a.map((s, j) => `m,p${i},${j},${s}`)).join('\n') + '\n',
  )
  const counts = path.join(dir, 'batch-counts.csv')
  fs.writeFileSync(
    counts,
    'model,problem,n,c\n' + logs.map((a, i) => `m,p${i},${a.length},${a.reduce((s, v) => s + v, 0)}`).join('\n') + '\n',
  )
  for (const [name, file] of [
    ['per-attempt records', samples],
    ['counts only', counts],
  ] as const)
    it(`${name}: PASSK_ADAPTIVE_STOPPING, Kaplan–Meier pass@k within 2 s.e. of the truth at every k, monotone`, async () => {
      const c = capture()
      const code = await main(
        [
          'fit',
          file,
          ...(name === 'counts only' ? [] : ['--keep-attempts']),
          '--bootstrap',
          '40',
          '--json',
          '--quiet',
          '--out',
          path.join(dir, `run-${name.split(' ')[0]}`),
        ],
        c.io,
      )
      expect(c.err()).toBe('')
      expect(code).toBe(0)
      const doc = JSON.parse(c.out()) as Doc
      const s = doc.curves.find((x) => x.stage === 'passk')?.series
      expect(s?.map((x) => x.label)).toEqual(['m'])
      const { x, y, se = [] } = s?.[0] ?? { x: [], y: [] }
      expect(x).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 600])
      let worst = 0
      y.forEach((v, j) => {
        worst = Math.max(worst, Math.abs(v - TRUTH[j]) / se[j])
        expect(Math.abs(v - TRUTH[j]), `k = ${x[j]}`).toBeLessThanOrEqual(2 * se[j])
        if (j > 0) expect(v).toBeGreaterThanOrEqual(y[j - 1])
      })
      console.log(`[fit-logs] batch stopping, ${name}: max |error|/s.e. over k = ${worst.toFixed(2)}`)
      expect(doc.warnings.filter((w) => w.code === 'PASSK_ADAPTIVE_STOPPING').map((w) => w.stage)).toEqual(['passk'])
      // the summary's pass@k row is the Kaplan–Meier curve, and its basis says so
      expect(doc.fitSummary.passk.rows[0].slice(1)).toEqual(y)
      const basis = doc.fitSummary.basis
      const est = basis.columns.indexOf('estimator')
      expect(new Set(basis.rows.map((r) => r[est]))).toEqual(
        new Set([
          name === 'counts only' ? 'kaplan-meier (counts, batches of 60)' : 'kaplan-meier (first-success times)',
        ]),
      )
    })
})

describe('passk fit on ragged n', () => {
  // 60 problems with n = 16, 60 with n = 256: k > 16 needs the model-based fill-in for half of them
  const rng = createRng(3)
  const rows: string[] = []
  for (let i = 0; i < 120; i++) {
    const q = rng.beta(0.5, 2),
      n = i % 2 ? 16 : 256
    let c = 0
    for (let j = 0; j < n; j++) if (rng.uniform() < q) c++
    rows.push(`m,p${i},${n},${c}`)
  }
  const file = path.join(dir, 'ragged.csv')
  fs.writeFileSync(file, 'model,problem,n,c\n' + rows.join('\n') + '\n')

  it('labels model-based points (JSON basis section, * in the text) and fits the curves on observed points only', async () => {
    const c = capture()
    expect(
      await main(['fit', file, '--bootstrap', '40', '--json', '--quiet', '--out', path.join(dir, 'ragged-json')], c.io),
    ).toBe(0)
    const doc = JSON.parse(c.out()) as Doc
    const basis = doc.fitSummary.basis
    const col = (h: string) => basis.columns.indexOf(h)
    expect(basis.rows.map((r) => [r[col('k')], r[col('basis')], r[col('problems model-based')]])).toEqual([
      [1, 'observed', 0],
      [2, 'observed', 0],
      [4, 'observed', 0],
      [8, 'observed', 0],
      [16, 'observed', 0],
      [32, 'model-based', 60],
      [64, 'model-based', 60],
      [128, 'model-based', 60],
      [256, 'model-based', 60],
    ])
    // one row per model in the pass@k section, every k, monotone
    const pk = doc.fitSummary.passk
    expect(pk.columns).toEqual(['model', ...[1, 2, 4, 8, 16, 32, 64, 128, 256].map((k) => `pass@${k}`)])
    const ys = pk.rows[0].slice(1).map(Number)
    for (let j = 1; j < ys.length; j++) expect(ys[j]).toBeGreaterThanOrEqual(ys[j - 1])
    // the curve fits saw the 5 observed points only
    for (const stage of ['beta-passk', 'exp-power-law', 'power-law']) {
      const f = doc.fits.filter((x) => x.stage === stage)
      expect(f.map((x) => x.goodness?.n)).toEqual([5])
    }
    // predictions at 10× and 100× the largest observed k (16)
    expect(doc.fitSummary.predictions.columns.slice(2, 5)).toEqual(['pass@16 (observed)', 'pass@160', 'pass@1600'])

    const t = capture()
    expect(
      await main(['fit', file, '--bootstrap', '40', '--quiet', '--out', path.join(dir, 'ragged-text')], t.io),
    ).toBe(0)
    const text = t.out()
    // the recommendation leads the output
    expect(text.split('\n')[0]).toBe(FIT_SECTIONS[0].title)
    expect(FIT_SECTIONS[0].id).toBe('recommended')
    expect(text).toMatch(/^m +1…16 +32…256 \(60 of 120 problems filled in\)/m)
    expect(text).toMatch(/\]\*/) // model-based cells are starred
  })
})

describe('warnings for people', () => {
  const ws: RunWarning[] = [
    ...Array.from({ length: 7 }, (_, i) => ({
      stage: 'passk',
      code: 'PASSK_K_BEYOND_N',
      message: `model${i}: k exceeds n. Hint: use fill-beta.`,
    })),
    { stage: 'coverage', code: 'PASSK_TARGET_UNREACHED', message: 'a: coverage 0.9 is not reached' },
  ]
  it('groups by code with the count, two examples and the hint once; --verbose lists every one', () => {
    expect(warningLines(ws)).toEqual([
      '     7× PASSK_K_BEYOND_N (passk): model0: k exceeds n | model1: k exceeds n (+5 more) — hint: use fill-beta.',
      '     1× PASSK_TARGET_UNREACHED (coverage): a: coverage 0.9 is not reached',
    ])
    expect(warningLines(ws, { verbose: true })).toHaveLength(8)
  })

  it('the progress printer shows the first two of a code, then one line saying the rest are counted', () => {
    const c = capture()
    const p = createProgressPrinter(c.io)
    for (const w of ws) p({ type: 'warning', ...w })
    const lines = c.err().trim().split('\n')
    expect(lines).toHaveLength(4)
    expect(lines[2]).toBe(
      'warning passk PASSK_K_BEYOND_N: more of these follow; counted in the summary (--verbose prints each)',
    )
    const v = capture()
    const pv = createProgressPrinter(v.io, { verbose: true })
    for (const w of ws) pv({ type: 'warning', ...w })
    expect(v.err().trim().split('\n')).toHaveLength(8)
  })
})
