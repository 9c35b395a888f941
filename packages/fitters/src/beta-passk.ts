/**
 * fitters/beta-passk: Levi 2024 Eq. 6, pass@k = A·(1 − B(k+α, β)/B(α, β)), failure probabilities
 * p ~ Beta(α, β) (Eq. 5) and a ceiling A. Closed form through log Γ ratios (beta-pass-at-k.ts).
 * Multi-start over α ∈ {0.3, 1, 3, 10} × β ∈ {0.1, 0.3, 1, 3}, A from the largest pass@k.
 * Derived: the asymptotic exponent β and the tail prefactor A·Γ(β)/B(α, β) of
 * L_inference(k) ≈ A·Γ(β)k^(−β)/B(α, β) (Eq. 7), and the mean failure probability α/(α+β).
 */
import { defineCurveFitter } from './internal/curve-fitter.js'
import { betaPassAtK, betaTailPrefactor } from './beta-pass-at-k.js'

export const betaPassk = defineCurveFitter({
  name: 'beta-passk',
  summary: 'pass@k = A·(1 − B(k+α, β)/B(α, β)): Beta-distributed failure probabilities (Levi 2024 Eq. 6)',
  refs: ['Levi 2024 Eq. 5–7'],
  natural: 'pass',
  defaultSpace: 'linear',
  extra: {},
  check(x, y) {
    for (let i = 0; i < x.length; i++) {
      if (!(x[i] >= 0)) return `k = ${x[i]} at point ${i} is negative`
      if (!(y[i] >= 0 && y[i] <= 1)) return `pass@k value ${y[i]} at k = ${x[i]} is outside [0, 1] (is the curve a pass rate? set target)`
    }
    return null
  },
  build(_x, y) {
    const ymax = y.reduce((a, b) => Math.max(a, b), 0)
    return {
      params: [
        { name: 'A', start: Math.max(ymax, 1e-3), bound: 'positive' },
        { name: 'alpha', start: [0.3, 1, 3, 10], bound: 'positive' },
        { name: 'beta', start: [0.1, 0.3, 1, 3], bound: 'positive' },
      ],
      model: (t, k) => betaPassAtK(k, t[0], t[1], t[2]),
    }
  },
  derived: (t) => ({ asymptoticExponent: t[2], tailPrefactor: betaTailPrefactor(t[0], t[1], t[2]), meanFailureProb: t[1] / (t[1] + t[2]) }),
})
