/**
 * Closed forms of the Beta and Beta-Binomial models (Levi 2024 §3.2), all through log Γ ratios so that
 * arguments up to ~1e15 keep ~1e-15 relative accuracy (no difference of two large lgamma values).
 */
import { lbeta, logGammaRatio } from './special.js'

/**
 * log ⟨p^s⟩ = log B(α + s, β)/B(α, β) = log[Γ(α + s)/Γ(α)] − log[Γ(α + β + s)/Γ(α + β)] for p ~ Beta(α, β),
 * s ≥ 0 (Levi 2024 Eq. 6). Written as logGammaRatio(β, α + s) − logGammaRatio(β, α) — the Γ(α+β+s)/Γ(α+s)
 * ratio is a shift by β of a large argument, which logGammaRatio evaluates without cancellation (DLMF 5.11.1),
 * so it stays accurate to ~1e-15 relative at s = 1e12, where the plain lgamma difference loses ~7 digits.
 */
export function logBetaMoment(s: number, alpha: number, beta: number): number {
  if (!(s >= 0) || !(alpha > 0) || !(beta > 0)) return NaN
  if (s === 0) return 0
  // log Γ(α+s)Γ(α+β)/(Γ(α)Γ(α+β+s)) = [log Γ(α+s)/Γ(α+s+β)] − [log Γ(α)/Γ(α+β)]
  return logGammaRatio(alpha + s, beta) - logGammaRatio(alpha, beta)
}

/**
 * pass@k implied by q ~ Beta(a, b) with a solvable fraction A (Levi 2024 Eq. 6 with α = b, β = a):
 *   A·(1 − B(a, b + k)/B(a, b)) = A·(1 − exp(ρ(b + k, a) − ρ(b, a))),  ρ = logGammaRatio.
 * Any real k ≥ 0.
 */
export function betaPassAtK(k: number, a: number, b: number, A = 1): number {
  return A * (0 - Math.expm1(logGammaRatio(b + k, a) - logGammaRatio(b, a)))
}

/**
 * betaPassAtK(·, a, b, A) as a function of k with the k-free ρ(b, a) computed once: the same values, for curves and
 * bootstrap predictions at many k.
 */
export function betaPassAtKFn(a: number, b: number, A = 1): (k: number) => number {
  const r0 = logGammaRatio(b, a)
  return (k) => A * (0 - Math.expm1(logGammaRatio(b + k, a) - r0))
}

/**
 * Posterior-predictive pass@k of one problem with observed (n, c) under q ~ Beta(a, b) and, for the
 * mixture variant, a solvable fraction A (Levi 2024 Eq. 6): the posterior of q is Beta(a+c, b+n−c), so
 *   E[1 − (1−q)^k | n, c] = 1 − B(a+c, b+n−c+k)/B(a+c, b+n−c),
 * times P(solvable | n, c), which is 1 when c > 0 and A·B(a, b+n)/B(a, b) / (A·B(a, b+n)/B(a, b) + 1 − A)
 * when c = 0. Valid for any k, including k > n.
 */
export function posteriorPassAtK(n: number, c: number, k: number, a: number, b: number, A = 1): number {
  const a1 = a + c,
    b1 = b + n - c
  const logFail = lbeta(a1, b1 + k) - lbeta(a1, b1)
  const pass = -Math.expm1(logFail)
  if (c > 0 || A >= 1) return pass
  const solvable = A * Math.exp(lbeta(a, b + n) - lbeta(a, b))
  return pass * (solvable / (solvable + 1 - A))
}
