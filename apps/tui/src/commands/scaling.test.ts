import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { Curve, Fit, TrialOutcomes } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { beta as betaSource } from '@passk/source-beta'
import { betaEffSaturation, scalingExponents } from '@passk/fitters'
import { buildReport } from '@passk/report'
import type { CliIO } from '../io.js'
import { headerColumns, scalingCommand, scalingSpec } from './scaling.js'

function io(cwd: string): CliIO & { out: () => string; err: () => string } {
  const stdout = new PassThrough(),
    stderr = new PassThrough()
  let out = '',
    err = ''
  stdout.on('data', (d) => {
    out += String(d)
  })
  stderr.on('data', (d) => {
    err += String(d)
  })
  return { stdout, stderr, isTTY: false, stderrTTY: false, cwd, env: {}, out: () => out, err: () => err }
}

/** Every number in the SVG's geometry attributes is finite, and there is no NaN anywhere. */
function checkSvg(svg: string): void {
  expect(svg.startsWith('<svg') || svg.startsWith('<?xml')).toBe(true)
  expect(svg).not.toMatch(/NaN|Infinity|undefined/)
  const attrs = [...svg.matchAll(/\s(?:d|points|x|y|x1|x2|y1|y2|cx|cy|width|height)="([^"]*)"/g)].map((m) => m[1])
  expect(attrs.length).toBeGreaterThan(10)
  for (const a of attrs)
    for (const num of a.match(/-?\d*\.?\d+(?:e[+-]?\d+)?/gi) ?? []) expect(Number.isFinite(Number(num))).toBe(true)
  expect(svg).toMatch(/<(path|polyline)\b/)
}

describe('scalingSpec', () => {
  it('builds logs → scaling-exponents → beta-eff-saturation (verdict) → compute-split, columns when asked', () => {
    const s = scalingSpec({ file: '/x/log.csv', tokensColumn: 'train_tokens', paramsColumn: 'n_params', k0: 1000 })
    expect(s.stages.map((q) => q.use)).toEqual([
      'sources/llm-logs',
      'fitters/scaling-exponents',
      'fitters/beta-eff-saturation',
      'fitters/compute-split',
    ])
    expect(s.stages[0].options.groupBy).toEqual(['train_tokens', 'n_params'])
    expect(s.stages[1].options).toMatchObject({ x: 'train_tokens', family: 'n_params' })
    expect(s.stages[1].options.pattern).toBeUndefined()
    expect(s.stages[2].options).toMatchObject({ verdict: true, weights: 'se' })
    expect(s.stages[3].options.k).toBe(1000)
    expect(scalingSpec({ file: '/x/log.csv' }).stages[1].options.pattern).toMatch(/\?<params>/)
  })

  it('reads the header of a CSV log (to group a benchmark column instead of pooling benchmarks)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-scaling-'))
    const f = path.join(dir, 'a.csv')
    fs.writeFileSync(f, 'benchmark,model,problem_id,n,c\nX,m_1B_2B,1,10,3\n')
    expect(headerColumns(f)).toEqual(['benchmark', 'model', 'problem_id', 'n', 'c'])
    fs.rmSync(dir, { recursive: true })
  })
})

describe('a synthetic checkpoint family (sources/beta) with a known saturating exponent', () => {
  it('recovers each exponent within its interval and the saturation law within its bootstrap intervals', async () => {
    // Levi's β (the Beta-Binomial a) rises with training as LID Eq. 20: β − Δ/(1 + (D/N½)^ν).
    const law = { beta: 0.9, Delta: 0.5, Nhalf: 3e9, nu: 1.5 }
    const at = (D: number) => law.beta - law.Delta / (1 + (D / law.Nhalf) ** law.nu)
    const tokens = ['100M', '300M', '1B', '3B', '10B', '30B', '100B', '300B']
    const D = [1e8, 3e8, 1e9, 3e9, 1e10, 3e10, 1e11, 3e11]
    const groups: TrialOutcomes['groups'] = []
    for (const [i, t] of tokens.entries()) {
      const o = betaSource.options.parse({
        alpha: 3,
        beta: at(D[i]),
        ceiling: 1,
        problems: 3000,
        attempts: 400,
        storeAttempts: false,
      })
      const out = await betaSource.run(null, o, createTestContext({ seed: 100 + i }))
      groups.push({ ...out.groups[0], label: `sim_1B_${t}` })
    }
    const ctx = createTestContext({ seed: 5 })
    const curve = scalingExponents.run(
      { kind: 'TrialOutcomes', groups, meta: {} },
      scalingExponents.options.parse({ pattern: '_(?<params>[\\d.]+[MBT])_(?<tokens>[\\d.]+[MBT])', bootstrap: 100 }),
      ctx,
    ) as Curve
    const s = curve.series[0]
    expect(s.x).toEqual(D)
    let inside = 0
    s.x.forEach((x, i) => {
      if (at(x) >= (s.lower?.[i] ?? NaN) && at(x) <= (s.upper?.[i] ?? NaN)) inside++
    })
    expect(inside).toBeGreaterThanOrEqual(7) // 95% intervals: at most one of eight may miss
    const fit = betaEffSaturation.run(
      curve,
      betaEffSaturation.options.parse({ verdict: true, weights: 'se', bootstrap: 200 }),
      createTestContext({ seed: 6 }),
    ) as Fit
    expect((fit.meta?.verdicts as { verdict: string }[])[0].verdict).toBe('saturation')
    const f = fit.fits[0]
    // Δ and N½ lie inside their 95% bootstrap intervals; β (set by the three most-trained points, each about 1σ low
    // in this draw) inside the interval widened 2× about the estimate: a pairs bootstrap over 8 points under-covers.
    for (const name of ['Delta', 'Nhalf'] as const) {
      const p = f.params.find((q) => q.name === name)
      expect(law[name]).toBeGreaterThanOrEqual(p?.lower ?? NaN)
      expect(law[name]).toBeLessThanOrEqual(p?.upper ?? NaN)
    }
    const b = f.params.find((q) => q.name === 'beta')
    const [v, lo, hi] = [b?.value ?? NaN, b?.lower ?? NaN, b?.upper ?? NaN]
    expect(Math.abs(v - law.beta)).toBeLessThan(2 * Math.max(v - lo, hi - v))
  }, 300_000)
})

describe('coverage of the saturating fit over seeded synthetic families (sources/beta, parametric bootstrap)', () => {
  it('puts the true β, Δ and N½ inside their 1× 95% intervals in at least 10 of 12 seeds', async () => {
    // Each seed: 8 checkpoints whose Beta-Binomial a follows LID Eq. 20 (β = 0.9, Δ = 0.5, N½ = 3e9, ν = 1.5),
    // 1000 problems × 200 attempts per checkpoint, per-checkpoint se from the fit (bootstrap 0: fast), then
    // fitters/beta-eff-saturation with verdict and its parametric bootstrap (200 refits). With 95% intervals the
    // expected count is 11.4 of 12; P(≤ 9 covered) = 0.02 under correct coverage.
    const law = { beta: 0.9, Delta: 0.5, Nhalf: 3e9, nu: 1.5 }
    const at = (D: number) => law.beta - law.Delta / (1 + (D / law.Nhalf) ** law.nu)
    const tokens = ['100M', '300M', '1B', '3B', '10B', '30B', '100B', '300B']
    const D = [1e8, 3e8, 1e9, 3e9, 1e10, 3e10, 1e11, 3e11]
    const covered = { beta: 0, Delta: 0, Nhalf: 0 }
    const verdicts: string[] = []
    for (let seed = 1; seed <= 12; seed++) {
      const groups: TrialOutcomes['groups'] = []
      for (const [i, t] of tokens.entries()) {
        const o = betaSource.options.parse({
          alpha: 3,
          beta: at(D[i]),
          ceiling: 1,
          problems: 1000,
          attempts: 200,
          storeAttempts: false,
        })
        const out = await betaSource.run(null, o, createTestContext({ seed: 1000 * seed + i }))
        groups.push({ ...out.groups[0], label: `sim_1B_${t}` })
      }
      const curve = scalingExponents.run(
        { kind: 'TrialOutcomes', groups, meta: {} },
        scalingExponents.options.parse({ pattern: '_(?<params>[\\d.]+[MBT])_(?<tokens>[\\d.]+[MBT])', bootstrap: 0 }),
        createTestContext({ seed }),
      ) as Curve
      expect(curve.series[0].se?.length).toBe(8)
      const fit = betaEffSaturation.run(
        curve,
        betaEffSaturation.options.parse({ verdict: true, weights: 'se', bootstrap: 200 }),
        createTestContext({ seed }),
      ) as Fit
      verdicts.push((fit.meta?.verdicts as { verdict: string }[])[0].verdict)
      const f = fit.fits[0]
      expect(f.message).toMatch(/parametric bootstrap \(\d+ refits/)
      for (const name of ['beta', 'Delta', 'Nhalf'] as const) {
        const p = f.params.find((q) => q.name === name)
        if (law[name] >= (p?.lower ?? NaN) && law[name] <= (p?.upper ?? NaN)) covered[name]++
      }
    }
    expect(verdicts.every((v) => v === 'saturation')).toBe(true)
    expect(covered.beta).toBeGreaterThanOrEqual(10)
    expect(covered.Delta).toBeGreaterThanOrEqual(10)
    expect(covered.Nhalf).toBeGreaterThanOrEqual(10)
  }, 600_000)
})

const repoRoot = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..')
const PYTHIA = path.resolve(repoRoot, '../shared/data/llm-logs/pythia-checkpoints-gsm8k/gsm8k_checkpoints.csv')

describe.skipIf(!fs.existsSync(PYTHIA))(
  'passk scaling on the Pythia × GSM8K checkpoints (skipped when ../shared/data/llm-logs/pythia-checkpoints-gsm8k is absent)',
  () => {
    it('prints per model size the exponent table, the saturation verdict and the compute split; plots parse', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-scaling-'))
      const out = path.join(dir, 'run')
      const t = io(dir)
      const code = await scalingCommand.run([PYTHIA, '--out', out, '--quiet'], t)
      expect(t.err()).toBe('')
      expect(code).toBe(0)
      const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as {
        tables: { stage: string; id: string; columns: string[]; rows: (string | number | null)[][] }[]
      }
      const table = (stage: string, id: string) => {
        const x = results.tables.find((q) => q.stage === stage && q.id === id)
        if (!x) throw new Error(`no table ${stage}/${id}`)
        return x
      }
      const ver = table('saturation', 'saturation-verdict')
      const verdicts = Object.fromEntries(ver.rows.map((r) => [r[0], r[1]]))
      expect(verdicts).toEqual({
        'params=14M · GSM8K': 'no rise detected',
        'params=70M · GSM8K': 'plateau',
        'params=160M · GSM8K': 'no rise detected',
        'params=410M · GSM8K': 'no rise detected',
        'params=1B · GSM8K': 'saturation',
        'params=1.4B · GSM8K': 'saturation',
        'params=2.8B · GSM8K': 'saturation',
        'params=6.9B · GSM8K': 'saturation',
        'params=12B · GSM8K': 'saturation',
      })
      // The printed table shows the per-checkpoint exponents of the results (three digits).
      const ck = table('exponents', 'scaling-checkpoints')
      const row = ck.rows.find((r) => r[1] === 'Pythia_1.4B_300B · benchmark=GSM8K')
      const a = Number(row?.[ck.columns.indexOf('a')])
      expect(t.out()).toContain(`Pythia_1.4B_300B · benchmark=GSM8K  ${Number(a.toPrecision(3))} [`)
      expect(t.out()).toMatch(/params=1B · GSM8K[\s\S]*β_eff\(tokens\): saturation \(LID Eq\. 20\): beta = /)
      expect(t.out()).toMatch(/params=70M · GSM8K[\s\S]*β_eff\(tokens\): plateau: /)
      expect(t.out()).toMatch(
        /Compute split: from 3\.00e\+11 tokens and k = 100 .* if spent on training .* if spent on attempts/,
      )
      // Unidentified checkpoints are listed with their reason.
      expect(t.out()).toMatch(/Pythia_12B_2M · benchmark=GSM8K .* unidentified: only 0 problem\(s\) solved/)
      // The split: every family with a law has Δpass@k on both sides with intervals.
      const split = table('split', 'compute-split')
      const c = (n: string) => split.columns.indexOf(n)
      expect(split.rows.length).toBe(9)
      for (const r of split.rows) {
        const [lo, v, hi] = [r[c('training_lower')], r[c('delta_pass_training')], r[c('training_upper')]].map(Number)
        expect(lo).toBeLessThanOrEqual(hi)
        expect(Number.isFinite(v)).toBe(true)
        expect(Number(r[c('attempts_lower')])).toBeLessThanOrEqual(Number(r[c('attempts_upper')]))
        expect(String(r[c('extrapolation')])).toMatch(/× the largest observed tokens/)
      }
      for (const svg of ['exponents.scaling-exponents.svg', 'split.compute-split.svg'])
        checkSvg(fs.readFileSync(path.join(out, 'plots', svg), 'utf8'))
      expect(fs.readFileSync(path.join(out, 'plots', 'split.compute-split.svg'), 'utf8')).toContain('optimum at 10×')
      // The pass@k(D, k) heat maps (one per drawn family) with iso-compute lines and the optimum marked.
      const heat = fs.readFileSync(path.join(out, 'plots', 'split.split-surface-params-12b-gsm8k.svg'), 'utf8')
      checkSvg(heat)
      expect(heat).toMatch(/data-label="iso-compute C = 10×C₀"[^>]*data-points="[1-9]/)
      expect(heat).toMatch(/data-label="optimum \(D\*, k\*\) at 10×C₀ \(Eq\. 24\)" data-points="1"/)
      const report = buildReport(out)
      expect(report).toContain('data-table="split.split-surface-params-12b-gsm8k"')
      expect(report).toContain('data-table="saturation.saturation-verdict"')
      if (process.env.PASSK_SCALING_RUN_DIR) fs.cpSync(out, process.env.PASSK_SCALING_RUN_DIR, { recursive: true })
      fs.rmSync(dir, { recursive: true })
    }, 600_000)
  },
)
