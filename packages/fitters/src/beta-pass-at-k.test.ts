import { describe, expect, it } from 'vitest'
import { betaFailAtK, betaPassAtK, betaTailPrefactor, logBetaFailAtK } from './beta-pass-at-k.js'

// [k, A, α, β, pass@k, L_inf, log⟨p^k⟩] from tools/reference/fitters-beta-passk.py (mpmath, 50 digits).
const ref: [number, number, number, number, number, number, number][] = [
  [1.0, 0.9, 3.0, 0.35, 0.09402985074626866, 0.8059701492537313, -0.11034805716886537],
  [10.0, 0.9, 3.0, 0.35, 0.377002862104248, 0.5229971378957521, -0.5428187717490234],
  [1000000.0, 1.0, 0.01, 0.01, 0.5669189831849333, 0.4330810168150667, -0.8368304626732878],
  [1000000.0, 1.0, 100.0, 100.0, 1.0, 0.0, -882.7665401810942],
  [1000000.0, 0.8, 0.01, 100.0, 0.8, 0.0, -1026.9752790196587],
  [1000000.0, 1.0, 100.0, 0.01, 0.0880352851933419, 0.9119647148066581, -0.0921539795612595],
  [1.0, 1.0, 0.01, 100.0, 0.9999000099990001, 9.999000099990002e-5, -9.210440366976515],
  [1.0, 1.0, 100.0, 0.01, 9.999000099990002e-5, 0.9999000099990001, -9.999500033330834e-5],
  [1000.0, 0.5, 5.0, 0.5, 0.4655977763406388, 0.034402223659361186, -2.6764868948714957],
  [2.5, 1.0, 1.0, 1.0, 0.7142857142857143, 0.2857142857142857, -1.252762968495368],
]

describe('betaPassAtK', () => {
  for (const [k, A, a, b, pass, fail, logFail] of ref) {
    it(`matches mpmath Levi Eq. 6–7 at k = ${k}, α = ${a}, β = ${b} (1e-11 relative)`, () => {
      expect(betaPassAtK(k, A, a, b)).toBeCloseToRel(pass, 1e-11)
      if (fail > 0) expect(betaFailAtK(k, A, a, b)).toBeCloseToRel(fail, 1e-10)
      expect(logBetaFailAtK(k, a, b)).toBeCloseToRel(logFail, 1e-11)
    })
  }
  it('is 0 at k = 0 and NaN outside the domain', () => {
    expect(betaPassAtK(0, 0.9, 2, 3)).toBe(0)
    expect(betaPassAtK(-1, 1, 1, 1)).toBeNaN()
    expect(betaPassAtK(1, 1, 0, 1)).toBeNaN()
  })
  it('approaches the tail A·Γ(β)k^(−β)/B(α, β) for large k (Levi Eq. 7)', () => {
    // Relative correction of the tail is O(1/k): at k = 1e6 agreement to 1e-5.
    const k = 1e6,
      A = 0.9,
      a = 3,
      b = 0.35
    expect(betaFailAtK(k, A, a, b)).toBeCloseToRel(betaTailPrefactor(A, a, b) * k ** -b, 1e-5)
    // Γ(α+β)/Γ(α) for α = 3, β = 0.35 is Γ(3.35)/2 (Γ(3.35) from tools/reference/fitters-beta-passk.py).
    expect(betaTailPrefactor(1, 3, 0.35)).toBeCloseToRel(2.827177949822094 / 2, 1e-12)
  })
})
