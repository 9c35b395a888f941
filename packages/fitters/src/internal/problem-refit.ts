/**
 * Bootstrap refits of extrapolate's per-problem models (beta-binomial, zi-beta-binomial) without expanding the
 * resample. Both likelihoods depend on the data only through the distinct (n, c) pairs and their multiplicities
 * (Skellam 1948's beta-binomial, one term per pair), and a resample of problems only changes the multiplicities: the
 * pairs are found once, and each resample's counts become the weights of the pairs it drew.
 *
 * The refit is the one extrapolate's fitModel runs on the expanded resample, value for value: the pairs are taken in
 * the order of their first appearance in the resample (the order the fits' own grouping would give, so every sum
 * runs in the same order), the fit is the same warm-started grouped fit (betaBinomialFitGroups / ziFitGroups, which
 * betaBinomialFit / ziBetaBinomialFit call), and the status goes through the same identify() rules with the
 * multiplicities as weights. problem-refit.test.ts checks this against the fits on expanded resamples. It mirrors
 * the per-problem branches of extrapolate's fitModel (variant 'plain', warm start, identify() inputs, usable =
 * converged or at-bound): a change there needs the same change here.
 */
import { betaBinomialFitGroups, betaPassAtKFn, type MleResult } from '@passk/stats'
import { identify } from './identify.js'
import { ziFitGroups, ziPassAtKFn } from './zi-beta-binomial.js'

export type PerProblemModel = 'beta-binomial' | 'zi-beta-binomial'

/**
 * A refit function for bootstrap counts (how often each problem was drawn): the refitted model's pass@k, or null
 * when the refit is not usable (status other than converged / at-bound, as in extrapolate, after identify()).
 */
export function problemRefitter(
  model: PerProblemModel,
  n: ArrayLike<number>,
  c: ArrayLike<number>,
  maxIterations: number,
  start?: readonly number[],
): (counts: Int32Array) => ((k: number) => number) | null {
  // Distinct (n, c) pairs of the data, once; problems with n = 0 carry no information (both fits drop them).
  const key = new Map<number, number>(),
    pn: number[] = [],
    pc: number[] = []
  const pair = new Int32Array(n.length)
  for (let i = 0; i < n.length; i++) {
    if (!(n[i] > 0)) {
      pair[i] = -1
      continue
    }
    const k = n[i] * 4294967296 + c[i]
    let j = key.get(k)
    if (j === undefined) {
      j = pn.length
      key.set(k, j)
      pn.push(n[i])
      pc.push(c[i])
    }
    pair[i] = j
  }
  const D = pn.length
  const gn = new Float64Array(D),
    gc = new Float64Array(D),
    gw = new Float64Array(D)
  const seen = new Int32Array(D).fill(-1),
    slot = new Int32Array(D)
  let rep = 0
  const fitOpts = { maxIterations, ...(start ? { start } : {}) }
  return (counts) => {
    rep++
    let J = 0
    for (let i = 0; i < counts.length; i++) {
      const m = counts[i],
        j = pair[i]
      if (m === 0 || j < 0) continue
      if (seen[j] !== rep) {
        seen[j] = rep
        slot[j] = J
        gn[J] = pn[j]
        gc[J] = pc[j]
        gw[J++] = 0
      }
      gw[slot[j]] += m
    }
    if (J === 0) return null
    const G = { n: gn.subarray(0, J), c: gc.subarray(0, J), w: gw.subarray(0, J) }
    const r: MleResult | null =
      model === 'beta-binomial' ? betaBinomialFitGroups(G, 'plain', fitOpts) : ziFitGroups(G, fitOpts)
    if (r === null) return null
    const th = r.theta
    const id = identify({
      status: r.status,
      names: model === 'beta-binomial' ? ['a', 'b'] : ['A', 'a', 'b'],
      values: th,
      stdErr: r.stdErr,
      n: G.n,
      c: G.c,
      weights: G.w,
    })
    if (id.status !== 'converged' && id.status !== 'at-bound') return null
    return model === 'beta-binomial' ? betaPassAtKFn(th[0], th[1], 1) : ziPassAtKFn(th[0], th[1], th[2])
  }
}
