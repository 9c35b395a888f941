/**
 * Closed forms of Levi 2024 §3.2–3.4 for p ~ Beta(α, β) failure probabilities.
 *
 *   ⟨p^s⟩ = B(α + s, β)/B(α, β) = Γ(β)Γ(s + α)/(B(α, β)Γ(s + α + β))          (Eq. 6, real s ≥ 0)
 *   pass@k = A·(1 − ⟨p^{s(k)}⟩),  s(k) = k (independent) or H_k(κ) (correlated, Eq. 10)
 *   L_inference(k) = A·⟨p^{s(k)}⟩                                                 (Eq. 7)
 *   C = N_p·F + N_d·F·k                                                             (Eq. 11)
 *   Coverage(C) ≈ A·(1 − Γ(β)/B(α, β)·((C/F − N_p)/N_d)^−β)                        (Eq. 12, large k)
 *   L_inference(C) ≈ A·Γ(β)/B(α, β)·((C/F − N_p)/N_d)^−β                          (Eq. 13)
 * ⟨p^s⟩ is @passk/stats' logBetaMoment: two log Γ ratios with a shift of β, ~1e-15 relative up to s = 1e12 (a
 * difference of four log-gammas lost up to 7e-3 relative there; issue 18 D4).
 */
import { special } from '@passk/core'
import { logBetaMoment as statsLogBetaMoment } from '@passk/stats'

/** log ⟨p^s⟩ = log B(α + s, β)/B(α, β) for p ~ Beta(α, β), s ≥ 0 (Eq. 6). */
export function logBetaMoment(s: number, alpha: number, beta: number): number {
  return statsLogBetaMoment(s, alpha, beta)
}

/** Effective number of trials for each k of an ascending grid: k (κ undefined/0) or H_k(κ) (Eq. 9). */
export function effectiveTrials(ks: readonly number[], kappa = 0): number[] {
  if (kappa === 0) return [...ks]
  const out: number[] = []
  let h = 0,
    t = 0
  for (const k of ks) {
    const kk = Math.floor(k)
    while (t < kk) {
      t++
      h += Math.pow(t, -kappa)
    }
    // Non-integer k (a grid value like 3.5): interpolate H linearly between ⌊k⌋ and ⌊k⌋+1.
    out.push(k === kk ? h : h + (k - kk) * Math.pow(kk + 1, -kappa))
  }
  return out
}

/** Asymptotic prefactor Γ(β)/B(α, β) = Γ(α + β)/Γ(α) of the large-k law (Eq. 6–7, 12–13). */
export function tailPrefactor(alpha: number, beta: number): number {
  return Math.exp(special.lgamma(alpha + beta) - special.lgamma(alpha))
}
