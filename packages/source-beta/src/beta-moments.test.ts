/// <reference path="../../../test/setup/matchers.ts" />
import { describe, expect, it } from 'vitest'
import { effectiveTrials, logBetaMoment, tailPrefactor } from './beta-moments.js'

// Reference values: tools/reference/levi-beta.py (scipy.special.betaln, brute-force fsum for H_k).
const A = 0.9,
  alpha = 5,
  beta = 0.35
const ks = [1, 2, 10, 100, 1000, 10000]
const passRef = [
  0.058878504672897104, 0.10523953197439094, 0.2966207771029136, 0.5966297914551268, 0.7625294998533031,
  0.8385039201760446,
]
const H05 = [1.0, 1.7071067811865475, 5.0209978992926665, 18.589603824784152, 61.80100876524323, 198.54464544952376]
const H15 = [1.0, 1.3535533905932737, 1.9953364933456017, 2.4128740987037163, 2.549145602917575, 2.5923758486729884]
const pass10Ref = [
  0.058878504672897104, 0.09268103216680439, 0.20248735507505916, 0.3864712885035921, 0.5443813808093995,
  0.6594915436859152,
]

describe('logBetaMoment', () => {
  it('matches scipy betaln for A·(1 − ⟨p^k⟩) (Levi Eq. 6) to 1e-9 relative', () => {
    ks.forEach((k, i) => expect(A * (1 - Math.exp(logBetaMoment(k, alpha, beta)))).toBeCloseToRel(passRef[i], 1e-9))
  })
  it('is 0 at s = 0 and equals the Beta mean α/(α+β) at s = 1', () => {
    expect(logBetaMoment(0, alpha, beta)).toBe(0)
    expect(Math.exp(logBetaMoment(1, 2.5, 0.7))).toBeCloseToRel(2.5 / 3.2, 1e-12)
  })
})

// ⟨p^k⟩ = B(α + k, β)/B(α, β) from mpmath at 50 digits: verbatim output of tools/reference/stats_large_n.py
// (MOMENTS). The former difference of four log-gammas was off by 1e-7 relative at k = 1e8 and 7e-3 at 1e12.
const MOMENTS = [
  [1e4, 5, 0.35, 0.068328977582370837],
  [1e8, 5, 0.35, 0.0027206705783471246],
  [1e10, 5, 0.35, 0.00054284515643554105],
  [1e12, 5, 0.35, 0.00010831184836746743],
  [1e4, 3, 0.35, 0.056270722817073598],
  [1e8, 3, 0.35, 0.0022403875222989753],
  [1e10, 3, 0.35, 0.00044701608356030075],
  [1e12, 3, 0.35, 8.9191434579551831e-5],
  [1e4, 0.8, 2.5, 2.304010810753834e-10],
  [1e8, 0.8, 2.5, 2.3049036168181176e-20],
  [1e10, 0.8, 2.5, 2.3049037052399835e-25],
  [1e12, 0.8, 2.5, 2.3049037061242022e-30],
]

describe('logBetaMoment at large k (issue 18 D4)', () => {
  it('matches mpmath ⟨p^k⟩ to 1e-12 relative at k = 1e4, 1e8, 1e10, 1e12', () => {
    for (const [k, a, b, ref] of MOMENTS) expect(Math.exp(logBetaMoment(k, a, b))).toBeCloseToRel(ref, 1e-12)
  })
})

describe('effectiveTrials', () => {
  it('returns H_k(κ) (Levi Eq. 9) for κ = 0.5 and 1.5 against brute-force sums', () => {
    effectiveTrials(ks, 0.5).forEach((h, i) => expect(h).toBeCloseToRel(H05[i], 1e-12))
    effectiveTrials(ks, 1.5).forEach((h, i) => expect(h).toBeCloseToRel(H15[i], 1e-12))
  })
  it('returns k itself when κ = 0 (independent trials)', () => {
    expect(effectiveTrials([1, 7, 300], 0)).toEqual([1, 7, 300])
  })
  it('gives the correlated Beta pass@k of Eq. 10 with s = H_k(0.5)', () => {
    effectiveTrials(ks, 0.5).forEach((h, i) =>
      expect(A * (1 - Math.exp(logBetaMoment(h, alpha, beta)))).toBeCloseToRel(pass10Ref[i], 1e-9),
    )
  })
})

describe('tailPrefactor', () => {
  it('gives the large-k law of Eq. 12 at k = 1000 (scipy reference)', () => {
    expect(A * (1 - tailPrefactor(alpha, beta) * Math.pow(1000, -beta))).toBeCloseToRel(0.7623049028878939, 1e-9)
  })
})
