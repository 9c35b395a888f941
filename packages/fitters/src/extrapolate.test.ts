import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import { createRng } from '@passk/core'
import { betaBinomialFit } from './beta-binomial.js'
import { extrapolatePassAtK, fitPowerLaw } from './extrapolate.js'
import { hypergeometric, thinCounts } from './internal/thin.js'
import { ziBetaBinomialFit } from './internal/zi-beta-binomial.js'

/** P problems × N attempts; q = 0 with probability 1 − A, else Beta(a, b). */
function simulate(P: number, N: number, a: number, b: number, seed: number, A = 1) {
  const rng = createRng(seed)
  const n = new Int32Array(P).fill(N),
    c = new Int32Array(P)
  for (let i = 0; i < P; i++) {
    const q = rng.uniform() < A ? rng.beta(a, b) : 0
    for (let j = 0; j < N; j++) if (rng.uniform() < q) c[i]++
  }
  return { n, c }
}

describe('thinning (hypergeometric)', () => {
  it('draws c′ with the hypergeometric mean m·c/n and variance m·(c/n)(1 − c/n)(n − m)/(n − 1)', () => {
    const rng = createRng(5)
    const N = 40000,
      n = 50,
      c = 12,
      m = 20
    let s = 0,
      s2 = 0
    for (let i = 0; i < N; i++) {
      const x = hypergeometric(rng, n, c, m)
      expect(x).toBeGreaterThanOrEqual(0)
      expect(x).toBeLessThanOrEqual(c)
      s += x
      s2 += x * x
    }
    const mean = s / N,
      v = s2 / N - mean * mean
    const mu = (m * c) / n,
      sig2 = (m * (c / n) * (1 - c / n) * (n - m)) / (n - 1)
    expect(Math.abs(mean - mu)).toBeLessThan(4 * Math.sqrt(sig2 / N))
    expect(v).toBeCloseTo(sig2, 1)
    // The complementary branch (m > n/2) draws the dropped attempts instead.
    let s3 = 0
    for (let i = 0; i < N; i++) s3 += hypergeometric(rng, n, c, 45)
    expect(Math.abs(s3 / N - (45 * c) / n)).toBeLessThan(4 * Math.sqrt((45 * 0.24 * 0.76 * 5) / 49 / N))
  })

  it('keeps all successes at m = n, none at c = 0, and at least minKeep attempts', () => {
    const rng = createRng(1)
    const t = thinCounts(rng, [10, 10, 100, 3], [10, 0, 37, 2], 0.1, 2)
    expect(Array.from(t.n)).toEqual([2, 2, 10, 2])
    expect(t.c[0]).toBe(2)
    expect(t.c[1]).toBe(0)
    expect(hypergeometric(rng, 30, 7, 30)).toBe(7)
  })
})

describe('zero-inflated beta-binomial (analytic Newton)', () => {
  it('reaches the same MLE as beta-binomial variant mixture (finite-difference Newton)', () => {
    const { n, c } = simulate(600, 30, 0.5, 2, 9, 0.7)
    const z = ziBetaBinomialFit(n, c)
    const m = betaBinomialFit(n, c, { variant: 'mixture' })
    expect(z.status).toBe('converged')
    expect(z.A).toBeCloseToRel(m.A, 1e-4)
    expect(z.a).toBeCloseToRel(m.a, 1e-4)
    expect(z.b).toBeCloseToRel(m.b, 1e-4)
    expect(z.passAtK(1000)).toBeCloseToRel(m.passAtK(1000), 1e-4)
    expect(z.A).toBeGreaterThan(0.6)
    expect(z.A).toBeLessThan(0.8)
  })
})

describe('power law on −log pass@k (Schaeffer et al. 2025)', () => {
  it('recovers α and b from exact points', () => {
    const ks = [1, 2, 5, 10, 20, 50, 100]
    const p = ks.map((k) => Math.exp(-Math.exp(0.3 - 0.45 * Math.log(k))))
    const f = fitPowerLaw(ks, p)
    expect(f.params[0].value).toBeCloseTo(0.3, 10)
    expect(f.params[1].value).toBeCloseTo(0.45, 10)
    expect(f.predict(1000)).toBeCloseTo(Math.exp(-Math.exp(0.3 - 0.45 * Math.log(1000))), 10)
  })
})

describe('extrapolatePassAtK', () => {
  it('Beta(0.4, 3) truth: the recommended 10× interval covers the closed form on at least 5 of 6 seeds', () => {
    // mpmath: 1 − B(0.4, 1003)/B(0.4, 3)
    const truth1000 = 0.9060506799861430531487504425
    let covered = 0
    for (let seed = 1; seed <= 6; seed++) {
      const { n, c } = simulate(300, 100, 0.4, 3, 100 + seed)
      const r = extrapolatePassAtK(n, c, 'beta', { bootstrap: 40, replicates: 2, ratios: [10], rng: createRng(seed) })
      const rec = r.recommended[0]
      expect(rec.k).toBe(1000)
      expect(rec.lower).toBeLessThanOrEqual(rec.bootstrapLower)
      expect(rec.upper).toBeGreaterThanOrEqual(rec.bootstrapUpper)
      if (rec.lower <= truth1000 && truth1000 <= rec.upper) covered++
    }
    expect(covered).toBeGreaterThanOrEqual(5)
  })

  it('every model point has a bootstrap interval, curves are monotone, and a 100× backtest on n = 100 says how far it went', () => {
    const { n, c } = simulate(400, 100, 0.4, 3, 21)
    const r = extrapolatePassAtK(n, c, 'beta', { bootstrap: 40, replicates: 2, rng: createRng(4) })
    expect(r.K).toBe(100)
    const bb = r.predictions.find((p) => p.model === 'beta-binomial')
    expect(bb?.status).toBe('converged')
    for (const p of bb?.points ?? []) {
      expect(p.lower).toBeLessThanOrEqual(p.value)
      expect(p.upper).toBeGreaterThanOrEqual(p.value)
    }
    expect(bb?.curve.lower.every(Number.isFinite)).toBe(true)
    const y = bb?.curve.y ?? []
    for (let j = 1; j < y.length; j++) expect(y[j]).toBeGreaterThanOrEqual(y[j - 1])
    const bt100 = r.backtest.find((b) => b.model === 'beta-binomial' && b.ratio === 100)
    expect(bt100?.kFrom).toBe(2)
    expect(bt100?.effectiveRatio).toBe(50)
    expect(r.recommended[1].statement).toMatch(/50× only/)
  })

  it('n = 10: the ceiling model cannot be refitted on 2 attempts; the interval spans it and the statement says so', () => {
    const { n, c } = simulate(300, 10, 0.5, 2, 12, 0.7)
    const r = extrapolatePassAtK(n, c, 'zi10', { bootstrap: 40, replicates: 3, ratios: [10], rng: createRng(7) })
    const bt = r.backtest.find((b) => b.model === 'zi-beta-binomial')
    expect(bt?.replicates).toBe(0)
    expect(bt?.failed).toBe(3)
    const rec = r.recommended[0]
    expect(rec.model).not.toBe('zi-beta-binomial')
    expect(rec.plausible).toContain('zi-beta-binomial')
    const zi = r.predictions.find((p) => p.model === 'zi-beta-binomial')?.points[1]
    expect(rec.bootstrapLower).toBeLessThanOrEqual(zi?.lower ?? NaN)
    expect(rec.statement).toMatch(/spans zi-beta-binomial \(not backtestable: the thinned data could not refit it\)/)
    // with n = K = 10 everywhere, all of what 10× buys is on problems never solved in 10 attempts: the statement
    // says what share of them the prediction solves (internal/tail-share.ts: (v − solved fraction) / unsolved)
    const zeros = Array.from(c).filter((x) => x === 0).length / c.length
    expect(rec.tail.unsolved).toBe(zeros)
    expect(rec.tail.open).toBe(zeros)
    expect(rec.tail.established).toBeCloseTo(1 - zeros, 14)
    expect(rec.tail.share).toBeCloseTo(1, 12)
    expect(rec.tail.solvedOfUnsolved).toBeCloseTo((rec.value - (1 - zeros)) / zeros, 12)
    expect(rec.statement).toContain(
      `all of the gain is on the ${Math.round(100 * zeros)}% of problems never solved in their 10 attempts (< 100): it assumes ${Math.round(100 * rec.tail.solvedOfUnsolved)}% of them are solved by k = 100`,
    )
  })

  it('ragged n: problems with n ≥ 10·K count their observed pass@k, and with most of the gain observed, no note', () => {
    // 300 problems, Beta(1, 3): a third with n = 20 (K), the rest with n = 400 ≥ 10·K = 200
    const { n, c } = simulate(300, 400, 1, 3, 13)
    const { c: c20 } = simulate(100, 20, 1, 3, 14)
    for (let i = 0; i < 100; i++) {
      n[i] = 20
      c[i] = c20[i]
    }
    const r = extrapolatePassAtK(n, c, 'ragged', { bootstrap: 20, replicates: 2, ratios: [10], rng: createRng(8) })
    expect(r.K).toBe(20)
    const rec = r.recommended[0]
    // established: observed pass@200 on the n = 400 problems, 1 for the solved n = 20 ones
    let est = 0
    for (let i = 0; i < 300; i++) {
      if (n[i] === 20) est += c[i] > 0 ? 1 : 0
      else {
        let p = 1
        for (let j = 0; j < 200; j++) p *= (n[i] - c[i] - j) / (n[i] - j)
        est += 1 - p
      }
    }
    expect(rec.tail.established).toBeCloseTo(est / 300, 12)
    expect(rec.tail.share).toBeLessThan(0.5)
    expect(rec.statement).not.toMatch(/never solved/)
  })

  it('zero-inflated truth (40% never solvable): the power law, which runs to pass@k = 1, backtests worst', () => {
    const { n, c } = simulate(500, 100, 0.3, 2, 8, 0.6)
    const r = extrapolatePassAtK(n, c, 'zi', { bootstrap: 40, replicates: 3, ratios: [10], rng: createRng(6) })
    const err = (m: string) => r.backtest.find((b) => b.model === m)?.rmse ?? NaN
    expect(err('power-law')).toBeGreaterThan(err('zi-beta-binomial'))
    const zi = r.predictions.find((p) => p.model === 'zi-beta-binomial')
    expect(zi?.params[0].value).toBeGreaterThan(0.5)
    expect(zi?.params[0].value).toBeLessThan(0.7)
    const rec = r.recommended[0]
    expect(rec.model).not.toBe('power-law')
    // mpmath: 0.6·(1 − B(0.3, 1002)/B(0.3, 2))
    expect(rec.lower).toBeLessThanOrEqual(0.511915381786796560302090630312)
    expect(rec.upper).toBeGreaterThanOrEqual(0.511915381786796560302090630312)
  })

  it('almost all c = 0: unidentified fits are never recommended and the statement says so', () => {
    const n = new Int32Array(300).fill(50),
      c = new Int32Array(300)
    c[3] = 1
    c[100] = 2
    const r = extrapolatePassAtK(n, c, 'dead', { bootstrap: 20, replicates: 2, ratios: [10], rng: createRng(1) })
    const bb = r.predictions.find((q) => q.model === 'beta-binomial')
    expect(bb?.status).toBe('unidentified')
    expect(r.predictions.find((q) => q.model === 'power-law')?.status).toBe('unidentified')
    expect(r.recommended[0].supported).toBe(false)
    expect(r.recommended[0].statement).toMatch(/not supported by this data/)
  })

  it('is deterministic in the seed', () => {
    const { n, c } = simulate(150, 20, 0.6, 2, 2)
    const o = { bootstrap: 20, replicates: 2, ratios: [10] }
    const a = extrapolatePassAtK(n, c, 's', { ...o, rng: createRng(3) })
    const b = extrapolatePassAtK(n, c, 's', { ...o, rng: createRng(3) })
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
  })
})

const GSM8K = new URL(
  '../../../../shared/data/llm-logs/pythia-checkpoints-gsm8k/gsm8k_checkpoints.csv',
  import.meta.url,
)

describe.skipIf(!existsSync(GSM8K))('fitters/extrapolate on the Pythia GSM8K checkpoints (ragged n)', () => {
  it('predicts on the fixed problem set (K = min n), monotone in k, with intervals and a backtest', () => {
    if (!existsSync(GSM8K)) return
    const rows = readFileSync(GSM8K, 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(','))
    const sel = rows.filter((f) => f[1] === 'Pythia_1.4B_200B')
    const n = sel.map((f) => Number(f[3])),
      c = sel.map((f) => Number(f[4]))
    const r = extrapolatePassAtK(n, c, 'Pythia_1.4B_200B', { bootstrap: 40, replicates: 2, rng: createRng(1) })
    expect(r.K).toBe(Math.min(...n))
    expect(r.nMax).toBe(Math.max(...n))
    // The observed pass@K: the unbiased estimator averaged over all 128 problems (independent python check:
    // mean over problems of 1 − C(n−c, K)/C(n, K)).
    expect(r.problems).toBe(128)
    expect(r.observed.value).toBeCloseTo(0.553488388561461, 10)
    for (const p of r.predictions.filter((q) => q.status === 'converged' || q.status === 'at-bound')) {
      expect(p.points[1].value).toBeGreaterThanOrEqual(p.points[0].value)
      expect(p.points[2].value).toBeGreaterThanOrEqual(p.points[1].value)
      expect(p.points[1].lower).toBeLessThanOrEqual(p.points[1].value)
    }
    expect(r.recommended[0].model).not.toBeNull()
    expect(r.backtest.filter((b) => b.ratio === 10).every((b) => b.kTo === r.K)).toBe(true)
  })

  it("the issue's case: beta-binomial on Pythia_1.4B_2M (6 of 128 solved) is unidentified, not 'a = 3092 ± 184,110, converged'", () => {
    if (!existsSync(GSM8K)) return
    const rows = readFileSync(GSM8K, 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(','))
    const sel = rows.filter((f) => f[1] === 'Pythia_1.4B_2M')
    const r = betaBinomialFit(
      sel.map((f) => Number(f[3])),
      sel.map((f) => Number(f[4])),
    )
    expect(r.a).toBeGreaterThan(1000)
    expect(r.status).toBe('unidentified')
    expect(r.message).toMatch(/the data cannot determine this fit/)
  })
})
