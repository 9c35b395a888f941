/**
 * Correlated trials with k_eff = H_k(κ) (Levi 2024 §3.3, Eq. 9–10), as an exchangeable generative model.
 *
 * Mechanism. A problem with single-trial failure probability p gets a random per-attempt failure
 * probability q = exp(−Y), and its attempts are i.i.d. Bernoulli(success = 1 − q) given q. Y is a
 * subordinator (a non-decreasing Lévy process) evaluated at "time" σ = −log p, with Laplace exponent
 *   g(x) = H_x(κ) = Σ_{t≥1} [t^−κ − (t + x)^−κ]   (= Σ_{t=1..x} t^−κ at integer x),
 * so E[q^k] = E[e^{−kY}] = e^{−σ·g(k)} = p^{H_k(κ)}: the probability that k attempts all fail is exactly
 * the Eq. 10 term, for every k, and the attempts are exchangeable, so the unbiased pass@k estimator from
 * (n, c) targets Eq. 10 too. g is a Bernstein function (g(0) = 0, g′(x) = κ·Σ_t (t + x)^{−κ−1} is
 * completely monotone), so this Y exists. Its Lévy measure is
 *   ν(du) = Σ_{t≥1} t^−κ · Gamma(shape κ, rate t)(du) = u^{κ−1} / (Γ(κ)(e^u − 1)) du,
 * i.e. Y is a sum of Poisson(σ·t^−κ) many Gamma(κ)/t jumps for each t = 1, 2, …. κ = 0 gives g(x) = x,
 * Y = σ, q = p (independent trials). For κ > 1 the total jump rate is ζ(κ) and P(Y = 0) = p^{ζ(κ)}:
 * such a problem is never solved, which is why Eq. 10 saturates below 1.
 *
 * Simulation. Jumps with t ≤ T are drawn exactly (N ~ Poisson(σ·H_T(κ)) jumps; each picks t with
 * probability ∝ t^−κ and has size Gamma(κ)/t). The t > T remainder consists of many tiny jumps and is
 * replaced by its mean, the drift σ·κ·Σ_{t>T} t^{−κ−1} ≈ σ·(T + ½)^−κ (midpoint rule). With T ≥ 50·k_max
 * the resulting relative error of the exponent H_k(κ) is ≤ κ(1−κ)/2·(k/T)^{1+κ} < 1e-3 for k ≤ k_max.
 */
import type { Rng } from '@passk/core'
import { poisson } from './internal/poisson.js'

export interface CorrelatedSampler {
  kappa: number
  /** Jumps with t ≤ T are simulated exactly. */
  T: number
  /** Draw q = exp(−Y) for a problem with single-trial failure probability p. */
  sampleQ(p: number, rng: Rng): number
}

export function createCorrelatedSampler(kappa: number, kMax: number): CorrelatedSampler {
  if (!(kappa >= 0) || !Number.isFinite(kappa)) throw new RangeError(`kappa must be a finite number ≥ 0, got ${kappa}`)
  if (kappa === 0) return { kappa, T: 0, sampleQ: (p) => p }
  const T = Math.min(200_000, Math.max(1000, 50 * Math.ceil(kMax)))
  // cum[t−1] = H_t(κ) = Σ_{s ≤ t} s^−κ, for sampling t ∝ t^−κ by binary search.
  const cum = new Float64Array(T)
  let h = 0
  for (let t = 1; t <= T; t++) {
    h += Math.pow(t, -kappa)
    cum[t - 1] = h
  }
  const HT = h
  const drift = Math.pow(T + 0.5, -kappa)
  return {
    kappa,
    T,
    sampleQ(p, rng) {
      if (!(p > 0)) return 0
      if (p >= 1) return 1
      const sigma = -Math.log(p)
      const n = poisson(rng, sigma * HT)
      let y = sigma * drift
      for (let j = 0; j < n; j++) {
        const u = rng.uniform() * HT
        let lo = 0,
          hi = T - 1
        while (lo < hi) {
          const mid = (lo + hi) >>> 1
          if (cum[mid] < u) lo = mid + 1
          else hi = mid
        }
        y += rng.gamma(kappa) / (lo + 1)
      }
      return Math.exp(-y)
    },
  }
}
