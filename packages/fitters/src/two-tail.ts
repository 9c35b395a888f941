/**
 * fitters/two-tail: the LID two-tail mixture law (LID Eq. 17 / Eq. 54),
 *   L_inf(k) = C1·k^(−β) + C2·k^(−γ),
 * with β optionally fixed to the known intrinsic LID exponent. Log-space residuals by default.
 * With β free the two terms are exchangeable; the result is labelled so that β ≥ γ. Derived: the
 * crossover k× = (C1/C2)^(1/(β−γ)) where the terms are equal; for k ≪ k× the steeper term
 * (exponent max(β, γ)) dominates, for k ≫ k× the shallower one (min(β, γ), LID Eq. 56).
 */
import { z } from '@passk/core'
import { defineCurveFitter, olsLine, nonPositiveX } from './internal/curve-fitter.js'

function endSlopes(x: Float64Array, y: Float64Array): [number, number] {
  const pts = Array.from(x, (v, i) => [Math.log(v), Math.log(y[i])] as const)
    .filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b))
    .sort((p, q) => p[0] - q[0])
  const m = Math.max(2, Math.floor(pts.length / 3))
  const lo = pts.slice(0, m),
    hi = pts.slice(-m)
  const s = (q: (readonly [number, number])[]) =>
    q.length >= 2
      ? -olsLine(
          q.map((p) => p[0]),
          q.map((p) => p[1]),
        ).b
      : 0.5
  return [s(lo), s(hi)]
}

export const twoTail = defineCurveFitter({
  name: 'two-tail',
  summary: 'L_inf(k) = C1·k^(−β) + C2·k^(−γ): two-tail mixture law with crossover k (LID Eq. 17/54)',
  refs: ['LID Eq. 17', 'LID Eq. 54', 'LID Eq. 56'],
  natural: 'failure',
  defaultSpace: 'log',
  identify: true,
  extra: {
    fixBeta: z.number().positive().optional().describe('Hold β at the known intrinsic LID exponent'),
  },
  check(x) {
    return nonPositiveX(x, 'k')
  },
  build(x, y, o) {
    const [sLo, sHi] = endSlopes(x, y)
    const steep = Math.max(sLo, sHi, 0.05),
      shallow = Math.max(Math.min(sLo, sHi), 0.02)
    const ymax = y.reduce((a, b) => Math.max(a, b), 0)
    const betas = o.fixBeta !== undefined ? [o.fixBeta] : [...new Set([steep * 1.3, steep * 3])]
    const gammas =
      o.fixBeta !== undefined
        ? [...new Set([shallow, steep, 0.3 * o.fixBeta, 3 * o.fixBeta])]
        : [...new Set([shallow * 0.8, shallow * 0.3])]
    return {
      params: [
        { name: 'C1', start: [ymax, 0.1 * ymax], bound: 'positive' },
        { name: 'beta', start: betas, bound: 'positive', ...(o.fixBeta !== undefined ? { fixed: o.fixBeta } : {}) },
        { name: 'C2', start: [0.5 * ymax, 0.01 * ymax], bound: 'positive' },
        { name: 'gamma', start: gammas, bound: 'positive' },
      ],
      model: (t, k) => t[0] * Math.pow(k, -t[1]) + t[2] * Math.pow(k, -t[3]),
      gradient: (t, k, g) => {
        const a = Math.pow(k, -t[1]),
          b = Math.pow(k, -t[3]),
          l = Math.log(k)
        g[0] = a
        g[1] = -t[0] * a * l
        g[2] = b
        g[3] = -t[2] * b * l
      },
    }
  },
  derived(t) {
    const [C1, beta, C2, gamma] = t
    if (beta === gamma) return {}
    const kCross = Math.pow(C1 / C2, 1 / (beta - gamma))
    return { kCross, exponentBelowCross: Math.max(beta, gamma), exponentAboveCross: Math.min(beta, gamma) }
  },
  post(fit, o) {
    // Exchangeable terms when β is free: label the steeper one (C1, β).
    if (o.fixBeta !== undefined || fit.params.length !== 4 || !(fit.params[1].value < fit.params[3].value)) return fit
    const perm = [2, 3, 0, 1]
    const params = perm.map((j, i) => ({ ...fit.params[j], name: fit.params[i].name }))
    const out = { ...fit, params, message: `${fit.message ?? ''} Terms relabelled so that β ≥ γ.`.trim() }
    if (fit.correlation) out.correlation = perm.map((i) => perm.map((j) => fit.correlation![i][j]))
    return out
  },
})
