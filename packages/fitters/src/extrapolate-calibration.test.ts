/**
 * Calibration of extrapolatePassAtK's recommendation (issue 14), a small fixed-seed version of
 * `tools/bench/src/extrapolation.ts calibration` (BENCHMARKS.md "Extrapolation calibration"): seeded simulations
 * with a known truth, so coverage and the error ratio are checked against closed forms, not against the code.
 * No timing assertions; the replicate counts keep it to a few seconds of CPU.
 */
import { describe, expect, it } from 'vitest'
import { createRng } from '@passk/core'
import { extrapolatePassAtK, LR_CRITICAL } from './extrapolate.js'

/** P problems × N attempts; q = 0 with probability 1 − A, else Beta(a, b) (the bench's generators). */
function simulate(seed: string, P: number, N: number, a: number, b: number, A = 1) {
  const rng = createRng(seed)
  const n = new Int32Array(P).fill(N),
    c = new Int32Array(P)
  for (let i = 0; i < P; i++) {
    const q = rng.uniform() < A ? rng.beta(a, b) : 0
    for (let j = 0; j < N; j++) if (rng.uniform() < q) c[i]++
  }
  return { n, c, rng: rng.split('fit') }
}

describe('zero-inflation LR test (boundary null ½χ²₀ + ½χ²₁)', () => {
  // Independent check (python3, scipy): minimise −Σ[betaln(a+c, b+n−c) − betaln(a, b)] over log a, log b, and the
  // zero-inflated −Σ[c = 0 ? logaddexp(log A + ℓ, log1p(−A)) : log A + ℓ] over logit A, log a, log b, by
  // Nelder–Mead (xatol 1e-12, three starts each); LR = 2·(nll_BB − nll_ZI), p = ½·chi2.sf(LR, 1).
  const n20 = (c: number[]) => ({ n: c.map(() => 20), c })
  it('matches scipy on a set without a never-solvable mass (LR 0.0303, p 0.431)', () => {
    const { n, c } = n20([
      ...Array<number>(30).fill(0),
      1,
      1,
      2,
      2,
      3,
      3,
      4,
      5,
      6,
      8,
      10,
      12,
      15,
      18,
      20,
      1,
      2,
      4,
      7,
      9,
    ])
    const r = extrapolatePassAtK(n, c, 'd1', { bootstrap: 0, replicates: 1, ratios: [10], rng: createRng(1) })
    expect(r.zeroInflation.statistic).toBeCloseTo(0.030334641478361846, 5)
    expect(r.zeroInflation.pValue).toBeCloseTo(0.4308665483554738, 4)
    expect(r.zeroInflation.significant).toBe(false)
  })

  it('matches scipy on a set with 30 of 50 never solved and the rest solved ≥ 3 times (LR 11.985, p 2.68e-4)', () => {
    const c = [...Array<number>(30).fill(0), ...Array.from({ length: 18 }, (_, i) => i + 3), 6, 9]
    const { n } = n20(c)
    const r = extrapolatePassAtK(n, c, 'd2', { bootstrap: 0, replicates: 1, ratios: [10], rng: createRng(1) })
    expect(r.zeroInflation.statistic).toBeCloseTo(11.985038949032969, 4)
    expect(r.zeroInflation.pValue / 2.6814685556249203e-4).toBeCloseTo(1, 3)
    expect(r.zeroInflation.significant).toBe(true)
    expect(LR_CRITICAL).toBeCloseTo(2.705543454095404, 12) // scipy chi2.ppf(0.9, 1)
  })

  it('rejects A = 1 in about 5% of Beta data sets and in nearly all with 30% never-solvable problems', () => {
    let falseAlarms = 0
    for (let s = 0; s < 80; s++) {
      const d = simulate(`lr-null:${s}`, 200, 10, 0.4, 3)
      const r = extrapolatePassAtK(d.n, d.c, 'null', { bootstrap: 0, replicates: 1, ratios: [10], rng: d.rng })
      if (r.zeroInflation.significant) falseAlarms++
    }
    // Binomial(80, 0.05): P(X ≥ 11) ≈ 0.003 — a χ²₂ or a one-sided mistake would show here.
    expect(falseAlarms).toBeLessThanOrEqual(10)
    let detected = 0
    for (let s = 0; s < 20; s++) {
      const d = simulate(`lr-alt:${s}`, 300, 100, 0.5, 2, 0.7)
      const r = extrapolatePassAtK(d.n, d.c, 'alt', { bootstrap: 0, replicates: 1, ratios: [10], rng: d.rng })
      if (r.zeroInflation.significant) detected++
    }
    expect(detected).toBeGreaterThanOrEqual(18)
  })
})

/**
 * One calibration cell: REPS seeded data sets; coverage of the recommended interval on pass@(ratio·N), and the
 * recommended prediction's mean absolute error against each single model's.
 */
function cell(id: string, N: number, ratio: number, draw: [number, number, number], reps: number) {
  let covered = 0,
    recErr = 0
  const modelErr = new Map<string, number>()
  for (let s = 0; s < reps; s++) {
    const d = simulate(`cal:${id}:${s}`, 300, N, draw[0], draw[1], draw[2])
    const r = extrapolatePassAtK(d.n, d.c, id, {
      bootstrap: 60,
      backtestBootstrap: 0,
      replicates: 3,
      ratios: [ratio],
      rng: d.rng,
    })
    const x = r.recommended[0]
    if (x.lower <= truthOf(id) && truthOf(id) <= x.upper) covered++
    recErr += Math.abs(x.value - truthOf(id)) / reps
    for (const p of r.predictions)
      modelErr.set(p.model, (modelErr.get(p.model) ?? 0) + Math.abs(p.points[1].value - truthOf(id)) / reps)
  }
  return { covered, recErr, modelErr }
}

// mpmath: 0.7·(1 − B(0.5, 1002)/B(0.5, 2)) and 1 − B(0.4, 103)/B(0.4, 3)
const TRUTH: Record<string, number> = { zi: 0.670599510755141880627826279251, beta: 0.766259860314257694342885156498 }
const truthOf = (id: string) => TRUTH[id]

describe('calibration of the recommended prediction (fixed seeds, small replicate counts)', () => {
  it('zero-inflated Beta, n = 100, pass@1000: covers the truth and picks the ceiling model (error ≤ 1.25× the best model, < ½ the beta-binomial)', () => {
    const reps = 30
    const { covered, recErr, modelErr } = cell('zi', 100, 10, [0.5, 2, 0.7], reps)
    // 95% nominal; Binomial(30, 0.9): P(X ≤ 23) ≈ 0.07, at 0.95 ≈ 0.002.
    expect(covered).toBeGreaterThanOrEqual(24)
    const best = Math.min(...modelErr.values())
    expect(recErr).toBeLessThanOrEqual(1.25 * best)
    expect(recErr).toBeLessThan(0.5 * (modelErr.get('beta-binomial') ?? 0))
  })

  it('Beta(0.4, 3), n = 10, pass@100: covers the truth, error ≤ 1.25× the best model', () => {
    const reps = 30
    const { covered, recErr, modelErr } = cell('beta', 10, 10, [0.4, 3, 1], reps)
    expect(covered).toBeGreaterThanOrEqual(24)
    expect(recErr).toBeLessThanOrEqual(1.25 * Math.min(...modelErr.values()))
  })
})
