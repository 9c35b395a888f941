/**
 * Levi 2024 Eq. 6–7 in closed form. With failure probabilities p ~ Beta(α, β) (Eq. 5),
 *   ⟨p^k⟩ = B(k+α, β)/B(α, β) = Γ(β)Γ(k+α)/(B(α,β)Γ(k+α+β)) = exp[ρ(k+α, β) − ρ(α, β)],
 * ρ(x, d) = log Γ(x)/Γ(x+d) (special.logGammaRatio in @passk/core, cancellation-free for x up to 1e6 and beyond),
 *   pass@k = A·(1 − ⟨p^k⟩)   (Eq. 6),   L_inference(k) = A·⟨p^k⟩   (Eq. 7),
 * and 1 − ⟨p^k⟩ is evaluated as −expm1(·) so pass@k keeps full relative accuracy when it is tiny.
 * Domain: k ≥ 0, α > 0, β > 0; NaN outside it (stdlib convention).
 * @example betaPassAtK(2.5, 1, 1, 1) // → 0.7142857142857143 (= 1 − 1/(k+1) for α = β = 1)
 */
import { special } from '@passk/core'

/** log⟨p^k⟩ = log B(k+α, β) − log B(α, β) (Levi Eq. 6–7). */
export function logBetaFailAtK(k: number, alpha: number, beta: number): number {
  if (!(k >= 0) || !(alpha > 0) || !(beta > 0)) return NaN
  return special.logGammaRatio(k + alpha, beta) - special.logGammaRatio(alpha, beta)
}

/** pass@k = A·(1 − B(k+α, β)/B(α, β)) (Levi Eq. 6). */
export function betaPassAtK(k: number, A: number, alpha: number, beta: number): number {
  return A * (0 - Math.expm1(logBetaFailAtK(k, alpha, beta)))
}

/** L_inference(k) = A·B(k+α, β)/B(α, β) (Levi Eq. 7). */
export function betaFailAtK(k: number, A: number, alpha: number, beta: number): number {
  return A * Math.exp(logBetaFailAtK(k, alpha, beta))
}

/** Prefactor of the k → ∞ tail A·Γ(β)k^(−β)/B(α, β) (Levi Eq. 7), i.e. A·Γ(α+β)/Γ(α). */
export function betaTailPrefactor(A: number, alpha: number, beta: number): number {
  return A * Math.exp(-special.logGammaRatio(alpha, beta))
}
