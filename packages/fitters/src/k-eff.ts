/**
 * fitters/k-eff: Levi 2024 Eq. 9–10, correlated attempts as fewer effective independent ones:
 *   k_eff = H_k(κ) = Σ_{i≤k} i^(−κ),    pass@k = A·(1 − p^(k_eff)),
 * with H_k from @passk/core special.harmonic. p^(k_eff) = exp(k_eff·ln p) and 1 − exp(·) as
 * −expm1(·) keep precision when pass@k is tiny. Fits (A, p, κ); A ∈ (0, 1] (a ceiling; A → 1 is reported
 * as at-bound), κ > 0 (κ → 0 = independent
 * attempts is reported as at-bound). Derived: for κ > 1 the ceiling A·(1 − p^ζ(κ)) that pass@k
 * approaches as k → ∞ (Eq. 9: H_k(κ) → ζ(κ)).
 * Option fixKappa holds κ at a known value: a number, or 'from-input' for the κ the input curve carries in
 * meta.kappa (evaluators/score-passk with kappa: 'spectrum' puts there the decay exponent of the
 * trial-correlation spectrum, Levi Eq. 15), so only (A, p) are fitted.
 */
import { PasskError, special, z, type Curve } from '@passk/core'
import { defineCurveFitter } from './internal/curve-fitter.js'

/** pass@k = A·(1 − p^(H_k(κ))) (Levi Eq. 10); k is floored to an integer number of attempts. */
export function kEffPassAtK(k: number, A: number, p: number, kappa: number): number {
  if (!(k >= 0) || !(p >= 0 && p <= 1) || !(kappa >= 0)) return NaN
  const H = special.harmonic(Math.floor(k), kappa)
  return A * (0 - Math.expm1(H * Math.log(p)))
}

/** κ to hold fixed, from the option or the input curve's meta.kappa; undefined = fit κ. */
function fixedKappa(fix: number | 'from-input' | undefined, curve: Curve): number | undefined {
  if (fix !== 'from-input') return fix
  const k = curve.meta?.kappa
  if (typeof k !== 'number' || !(k >= 0) || !Number.isFinite(k)) {
    throw new PasskError(
      'PASSK_NO_KAPPA',
      `fitters/k-eff: fixKappa is 'from-input', but curve "${curve.id}" carries no κ (meta.kappa = ${JSON.stringify(k ?? null)}).`,
      "Take the input from evaluators/score-passk with kappa: 'spectrum' (or a number), or give fixKappa a number, or omit it to fit κ.",
    )
  }
  return k
}

export const kEff = defineCurveFitter({
  name: 'k-eff',
  summary: 'pass@k = A·(1 − p^(H_k(κ))): correlated attempts via k_eff (Levi 2024 Eq. 9–10)',
  refs: ['Levi 2024 Eq. 9', 'Levi 2024 Eq. 10'],
  natural: 'pass',
  defaultSpace: 'linear',
  identify: true,
  extra: {
    fixKappa: z
      .union([z.number().min(0).max(50), z.literal('from-input')])
      .optional()
      .describe(
        "Hold κ fixed: a number, or 'from-input' for the input curve's meta.kappa (e.g. from the trial-correlation spectrum via evaluators/score-passk kappa: 'spectrum'); fitted when omitted",
      ),
  },
  check(x, y) {
    for (let i = 0; i < x.length; i++) {
      if (!(x[i] >= 1)) return `k = ${x[i]} at point ${i} is below 1 (k_eff = H_k(κ) needs k ≥ 1 attempts)`
      if (!(y[i] >= 0 && y[i] <= 1)) return `pass@k value ${y[i]} at k = ${x[i]} is outside [0, 1]`
    }
    return null
  },
  build(x, y, opts, curve) {
    const kappaFixed = fixedKappa(opts.fixKappa, curve)
    const ymax = y.reduce((a, b) => Math.max(a, b), 0)
    let i1 = 0
    for (let i = 1; i < x.length; i++) if (x[i] < x[i1]) i1 = i
    const A0 = Math.max(ymax, 1e-3)
    const p0 = Math.min(Math.max(1 - y[i1] / A0, 0.05), 0.995)
    // H_k(κ) for all the data's k at once per κ: one cumulative pass up to min(max k, 1000), then
    // special.harmonic (Euler–Maclaurin) beyond. Memo of the last few κ, since the engine evaluates
    // point by point and its central differences visit κ, κ+h, κ−h in turn.
    const kd = [...new Set(Array.from(x, (v) => Math.floor(v)))].sort((a, b) => a - b)
    const memo = new Map<number, Map<number, number>>()
    const fill = (kappa: number) => {
      const m = new Map<number, number>()
      let sum = 0,
        i = 0
      for (const k of kd) {
        if (k > 1000) {
          m.set(k, special.harmonic(k, kappa))
          continue
        }
        while (i < k) {
          i++
          sum += Math.pow(i, -kappa)
        }
        m.set(k, sum)
      }
      return m
    }
    const H = (k: number, kappa: number) => {
      let m = memo.get(kappa)
      if (!m) {
        if (memo.size >= 6) memo.delete(memo.keys().next().value!)
        m = fill(kappa)
        memo.set(kappa, m)
      }
      const h = m.get(Math.floor(k))
      return h !== undefined ? h : special.harmonic(Math.floor(k), kappa)
    }
    return {
      params: [
        // A is a ceiling, the solvable fraction (Levi Eq. 10): it lies in (0, 1] (issue 16: it ran to 17.5)
        { name: 'A', start: [...new Set([Math.min(A0, 0.999), Math.min((1 + A0) / 2, 0.999)])], bound: 'unit' },
        { name: 'p', start: [...new Set([p0, 0.5, 0.9])], bound: 'unit' },
        kappaFixed === undefined
          ? { name: 'kappa', start: [0.2, 0.6, 1.0], bound: 'positive' }
          : { name: 'kappa', start: kappaFixed, fixed: kappaFixed },
      ],
      model: (t, k) => t[0] * (0 - Math.expm1(H(k, t[2]) * Math.log(t[1]))),
    }
  },
  derived: (t) => (t[2] > 1 ? { ceiling: t[0] * (0 - Math.expm1(special.zeta(t[2]) * Math.log(t[1]))) } : {}),
})
