import { describe, expect, it } from 'vitest'
import { createRng, special } from '@passk/core'
import { betaBinomialLogKernel, fitMle } from '@passk/stats'
import { betaBinomialFit } from '../beta-binomial.js'
import { identify } from './identify.js'
import { problemRefitter, type PerProblemModel } from './problem-refit.js'
import { ziBetaBinomialFit } from './zi-beta-binomial.js'

/**
 * problemRefitter reweights the data's distinct (n, c) pairs instead of expanding each bootstrap resample. It must be
 * the refit extrapolate ran before on the expanded resample — the fitter on the resample's counts, warm-started from
 * the full-data fit, status through identify(), usable when converged or at-bound — value for value: the pairs
 * are visited in the same order, so every sum is the same floating-point sum, and the predictions are compared with
 * toBe (bit for bit), not to a tolerance.
 */

/** P problems, q = 0 with probability 1 − A else a skewed success rate; n_i from nOf (ragged when it varies). */
function population(seed: number, P: number, nOf: (i: number) => number, A: number, a: number, b: number) {
  const rng = createRng(seed)
  const n = new Int32Array(P),
    c = new Int32Array(P)
  for (let i = 0; i < P; i++) {
    n[i] = nOf(i)
    const p = rng.uniform() < A ? Math.pow(rng.uniform(), 1 / a) * (1 - Math.pow(rng.uniform(), 1 / b) * 0.5) : 0
    for (let j = 0; j < n[i]; j++) if (rng.uniform() < p) c[i]++
  }
  return { n, c }
}

/** The expanded resample (problem i repeated counts[i] times, in problem order), as extrapolate built it. */
function expand(n: Int32Array, c: Int32Array, counts: Int32Array) {
  const rn: number[] = [],
    rc: number[] = []
  for (let i = 0; i < counts.length; i++)
    for (let r = 0; r < counts[i]; r++) {
      rn.push(n[i])
      rc.push(c[i])
    }
  return { rn, rc }
}

/** The refit on the expanded resample (extrapolate's fitModel for the two per-problem models). */
function expandedRefit(model: PerProblemModel, rn: number[], rc: number[], start: number[]) {
  if (model === 'beta-binomial') {
    const r = betaBinomialFit(rn, rc, { variant: 'plain', maxIterations: 200, start })
    return r.status === 'converged' || r.status === 'at-bound' ? r.passAtK : null
  }
  const z = ziBetaBinomialFit(rn, rc, { maxIterations: 200, start })
  const id = identify({
    status: z.status,
    names: ['A', 'a', 'b'],
    values: [z.A, z.a, z.b],
    stdErr: z.stdErr,
    n: rn,
    c: rc,
  })
  return id.status === 'converged' || id.status === 'at-bound' ? z.passAtK : null
}

const cases = [
  { name: 'n = 10 (HumanEval-like)', pop: population(1, 164, () => 10, 1, 0.5, 0.6) },
  { name: 'zero-inflated, n = 10', pop: population(2, 120, () => 10, 0.6, 0.9, 0.7) },
  { name: 'ragged n (5…53)', pop: population(3, 90, (i) => 5 + 3 * (i % 17), 0.8, 0.4, 1.5) },
  { name: 'n = 2 (a thinned backtest replicate)', pop: population(4, 60, () => 2, 0.9, 0.7, 0.7) },
  { name: 'few problems, mostly unsolved (unidentified refits)', pop: population(5, 12, () => 6, 0.3, 0.5, 2) },
]

describe('problemRefitter = the fit on the expanded resample', () => {
  for (const model of ['beta-binomial', 'zi-beta-binomial'] as const)
    for (const { name, pop } of cases)
      it(`${model}: ${name}`, () => {
        const { n, c } = pop
        const full =
          model === 'beta-binomial'
            ? betaBinomialFit(n, c, { variant: 'plain' }).values
            : (({ A, a, b }) => [A, a, b])(ziBetaBinomialFit(n, c))
        const refit = problemRefitter(model, n, c, 200, full)
        const rng = createRng(`${model}:${name}`)
        const ks = [1, 7, 10, 100, 1000]
        let usable = 0,
          unusable = 0
        for (let r = 0; r < 40; r++) {
          const counts = new Int32Array(n.length)
          for (let i = 0; i < n.length; i++) counts[rng.int(n.length)]++
          const { rn, rc } = expand(n, c, counts)
          const want = expandedRefit(model, rn, rc, full)
          const got = refit(counts)
          expect(got === null, `resample ${r}: usable`).toBe(want === null)
          if (want === null) unusable++
          if (want && got) {
            usable++
            for (const k of ks) expect(got(k), `resample ${r}, k = ${k}`).toBe(want(k))
          }
        }
        // both outcomes are exercised: usable refits everywhere, unusable ones on the few-problem set (and on the
        // zero-inflated fit at n = 2, where the 3-parameter model mostly fails)
        expect(usable).toBeGreaterThan(0)
        if (name.startsWith('few')) expect(unusable).toBeGreaterThan(0)
      })
})

describe('the grouped zero-inflated fit = the per-problem likelihood', () => {
  it('reaches the optimum of the per-problem special-function likelihood (ragged n, A < 1)', () => {
    const { n, c } = population(6, 150, (i) => 8 + (i % 9) * 4, 0.7, 0.8, 1.2)
    const z = ziBetaBinomialFit(n, c)
    expect(z.status).toBe('converged')
    // per problem: c > 0: log A + L_c; c = 0: log(A·e^{L_0} + 1 − A) (Levi 2024 Eq. 6 with zero inflation)
    const nll = (t: Float64Array) => {
      let s = 0
      for (let i = 0; i < n.length; i++) {
        const l = Math.log(t[0]) + betaBinomialLogKernel(n[i], c[i], t[1], t[2])
        s -= c[i] === 0 ? special.logAddExp(l, Math.log1p(-t[0])) : l
      }
      return s
    }
    const ref = fitMle({ names: ['A', 'a', 'b'], bounds: ['unit', 'positive', 'positive'], nll }, [0.8, 1, 1])
    expect(ref.status).toBe('converged')
    expect(z.A).toBeCloseTo(ref.theta[0], 7)
    expect(Math.abs(z.a / ref.theta[1] - 1)).toBeLessThan(1e-6)
    expect(Math.abs(z.b / ref.theta[2] - 1)).toBeLessThan(1e-6)
    expect(Math.abs(z.nll - ref.nll)).toBeLessThan(1e-9 * Math.abs(ref.nll))
  })
})
