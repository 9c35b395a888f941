/**
 * fitters/beta-passk: Levi 2024 Eq. 6, pass@k = A·(1 − B(k+α, β)/B(α, β)), failure probabilities
 * p ~ Beta(α, β) (Eq. 5) and a ceiling A. Closed form through log Γ ratios (beta-pass-at-k.ts).
 * Multi-start over α ∈ {0.3, 1, 3, 10} × β ∈ {0.1, 0.3, 1, 3}, A from the largest pass@k.
 * Derived: the asymptotic exponent β and the tail prefactor A·Γ(β)/B(α, β) of
 * L_inference(k) ≈ A·Γ(β)k^(−β)/B(α, β) (Eq. 7), and the mean failure probability α/(α+β).
 */
import { defineCurveFitter } from './internal/curve-fitter.js'
import { betaPassAtK, betaTailPrefactor, logBetaFailAtK } from './beta-pass-at-k.js'
import { special } from '@passk/core'

export const betaPassk = defineCurveFitter({
  name: 'beta-passk',
  summary: 'pass@k = A·(1 − B(k+α, β)/B(α, β)): Beta-distributed failure probabilities (Levi 2024 Eq. 6)',
  refs: ['Levi 2024 Eq. 5–7'],
  natural: 'pass',
  defaultSpace: 'linear',
  identify: true,
  extra: {},
  check(x, y) {
    for (let i = 0; i < x.length; i++) {
      if (!(x[i] >= 0)) return `k = ${x[i]} at point ${i} is negative`
      if (!(y[i] >= 0 && y[i] <= 1))
        return `pass@k value ${y[i]} at k = ${x[i]} is outside [0, 1] (is the curve a pass rate? set target)`
    }
    return null
  },
  build(_x, y) {
    const ymax = y.reduce((a, b) => Math.max(a, b), 0)
    return {
      params: [
        // A is a ceiling, the solvable fraction (Levi Eq. 6): it lies in (0, 1]
        // Starts also above the largest pass@k: on a short curve far from saturation the ceiling lies well above
        // it, and from A = max y alone the fit crawled along the curved (A, α, β) valley for ~1000 iterations
        // (issue 18 D2: (0.8, 20, 0.1) on k ≤ 16 stopped at the iteration limit or stalled).
        {
          name: 'A',
          start: [...new Set([Math.min(Math.max(ymax, 1e-3), 0.999), Math.min((1 + ymax) / 2, 0.999)])],
          bound: 'unit',
        },
        { name: 'alpha', start: [0.3, 1, 3, 10], bound: 'positive' },
        { name: 'beta', start: [0.1, 0.3, 1, 3], bound: 'positive' },
      ],
      model: (t, k) => betaPassAtK(k, t[0], t[1], t[2]),
      // ∂ log⟨p^k⟩/∂α = ψ(k+α) − ψ(k+α+β) − ψ(α) + ψ(α+β),  ∂/∂β = ψ(α+β) − ψ(k+α+β).
      gradient: (t, k, g) => {
        const [A, a, b] = t,
          F = Math.exp(logBetaFailAtK(k, a, b)),
          pab = special.digamma(a + b),
          pk = special.digamma(k + a + b)
        g[0] = 0 - Math.expm1(Math.log(F))
        g[1] = -A * F * (special.digamma(k + a) - pk - special.digamma(a) + pab)
        g[2] = -A * F * (pab - pk)
      },
    }
  },
  derived: (t) => ({
    asymptoticExponent: t[2],
    tailPrefactor: betaTailPrefactor(t[0], t[1], t[2]),
    meanFailureProb: t[1] / (t[1] + t[2]),
  }),
})
