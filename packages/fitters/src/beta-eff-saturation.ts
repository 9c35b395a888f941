/**
 * fitters/beta-eff-saturation: the saturating effective exponent of LID Eq. 20 / 57,
 *   β_eff(N) = β − Δ/(1 + c·N^ν),   Δ, c, ν > 0,
 * fitted to a β_eff(N) curve (e.g. the output of fitters/local-slope), optionally with β fixed to
 * the known intrinsic LID exponent.
 * Fitted as β − Δ/(1 + (N/N½)^ν) with the half-saturation size N½ = c^(−1/ν) (where the deficit is
 * Δ/2): c alone is badly scaled (c ≈ N½^−ν spans dozens of decades when ν is large, so its log runs
 * off to what looks like a bound and c, ν are almost collinear), while N½ sits inside the N range.
 * Derived: c = N½^(−ν) (the paper's parameter) and β_eff at N → 0 (β − Δ).
 */
import { z } from '@passk/core'
import { defineCurveFitter, nonPositiveX } from './internal/curve-fitter.js'

export const betaEffSaturation = defineCurveFitter({
  name: 'beta-eff-saturation',
  summary: 'β_eff(N) = β − Δ/(1 + c·N^ν) = β − Δ/(1 + (N/N½)^ν): saturation of the effective exponent (LID Eq. 20/57)',
  refs: ['LID Eq. 20', 'LID Eq. 57'],
  natural: 'any',
  defaultSpace: 'linear',
  extra: {
    fixBeta: z.number().positive().optional().describe('Hold β at this known intrinsic exponent (fit Δ, c, ν only)'),
  },
  check(x) {
    return nonPositiveX(x, 'N', 'β_eff is modelled against N > 0')
  },
  build(x, y, o) {
    const ymax = y.reduce((a, b) => Math.max(a, b), -Infinity),
      ymin = y.reduce((a, b) => Math.min(a, b), Infinity)
    const lo = x.reduce((a, b) => Math.min(a, b), Infinity),
      hi = x.reduce((a, b) => Math.max(a, b), -Infinity)
    const halfs = [lo, Math.sqrt(lo * hi), hi],
      nus = [0.5, 1, 2]
    const beta = o.fixBeta ?? ymax
    return {
      params: [
        { name: 'beta', start: beta, ...(o.fixBeta !== undefined ? { fixed: o.fixBeta } : {}) },
        { name: 'Delta', start: Math.max(beta - ymin, 1e-3) * 1.2, bound: 'positive' },
        { name: 'Nhalf', start: halfs, bound: 'positive' },
        { name: 'nu', start: nus, bound: 'positive' },
      ],
      model: (t, N) => t[0] - t[1] / (1 + Math.pow(N / t[2], t[3])),
      gradient: (t, N, g) => {
        const q = Math.pow(N / t[2], t[3]),
          d = 1 + q
        g[0] = 1
        g[1] = -1 / d
        g[2] = (-t[1] * t[3] * q) / (t[2] * d * d)
        g[3] = (t[1] * q * Math.log(N / t[2])) / (d * d)
      },
    }
  },
  derived: (t) => ({ c: Math.pow(t[2], -t[3]), betaAtZero: t[0] - t[1] }),
})
