/**
 * fitters/difficulty-pdf: the perceived-difficulty density of Levi 2024 Eq. 8. With failure
 * probability p and difficulty σ = log(1/p), ⟨p^k⟩ = ∫ e^(−σk) f(σ) dσ is a Laplace transform, and a
 * Beta(α, β) failure law gives
 *   f(σ) = e^(−ασ)·(1 − e^(−σ))^(β−1)/B(α, β)        (Eq. 8).
 * This plugin takes a beta-passk Fit (α, β from it) and its source pass@k curve and returns, on a σ
 * grid, (i) that parametric density and (ii) a non-parametric estimate: non-negative point masses
 * w_j at σ_j (plus a mass at σ = 0 for never-solved problems, 1 − A) fitted by NNLS to
 * 1 − pass@k = Σ_j w_j·e^(−σ_j k), shown as the histogram density w_j/Δσ_j. Inverting a Laplace
 * transform is ill-posed: the point masses are a sparse, valid (non-negative) solution, not a unique
 * one — compare shapes and locations, not wiggles.
 */
import { z, PasskError, defineFitter, logGrid, type Curve, type Fit, type Series } from '@passk/core'
import { special } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import { nnls } from './internal/nnls.js'

const ID = 'fitters/difficulty-pdf'

/** f(σ) of Levi Eq. 8 for failure p ~ Beta(α, β). */
export function difficultyPdf(sigma: number, alpha: number, beta: number): number {
  if (!(sigma > 0) || !(alpha > 0) || !(beta > 0)) return sigma === 0 ? NaN : 0
  // (1 − e^(−σ))^(β−1) as exp((β−1)·log(−expm1(−σ))): accurate for small σ.
  return Math.exp(-alpha * sigma + (beta - 1) * Math.log(-Math.expm1(-sigma)) - special.lbeta(alpha, beta))
}

export const difficultyPdfPlugin = defineFitter({
  name: 'difficulty-pdf',
  version: pkg.version,
  summary:
    'Perceived-difficulty density f(σ), σ = log(1/p): Beta model (Levi Eq. 8) vs non-parametric NNLS point masses',
  refs: ['Levi 2024 Eq. 8'],
  accepts: 'Fit',
  produces: 'Curve',
  options: z
    .object({
      sigmaMin: z.number().positive().default(1e-4).describe('Smallest σ of the grid'),
      sigmaMax: z.number().positive().default(20).describe('Largest σ of the grid'),
      points: z.number().int().min(10).max(10000).default(200).describe('Grid points for the Beta density'),
      masses: z
        .number()
        .int()
        .min(5)
        .max(500)
        .default(60)
        .describe('Candidate point masses (log-spaced σ) for the non-parametric estimate'),
      series: z
        .string()
        .optional()
        .describe('Which fit (its target label) to use; the first beta-passk fit when omitted'),
    })
    .strict(),
  run(fit: Fit, o, ctx): Curve {
    if (!(o.sigmaMin < o.sigmaMax))
      throw new PasskError(
        'PASSK_BAD_OPTIONS',
        `${ID}: sigmaMin = ${o.sigmaMin} must be below sigmaMax = ${o.sigmaMax}.`,
        'Swap them.',
      )
    const f = fit.fits.find((r) => r.model === 'beta-passk' && (o.series === undefined || r.target === o.series))
    if (!f)
      throw new PasskError(
        'PASSK_BAD_INPUT',
        `${ID}: the input Fit has no beta-passk fit${o.series ? ` for "${o.series}"` : ''} (models: ${fit.fits.map((r) => r.model).join(', ') || 'none'}).`,
        'Put fitters/beta-passk before this stage.',
      )
    const get = (n: string) => f.params.find((q) => q.name === n)?.value ?? NaN
    const alpha = get('alpha'),
      beta = get('beta')
    if (!(alpha > 0 && beta > 0))
      throw new PasskError(
        'PASSK_BAD_INPUT',
        `${ID}: the beta-passk fit for "${f.target}" has no usable α, β (status ${f.status}).`,
        'Check that fit first.',
      )
    if (f.status !== 'converged')
      ctx.warn(
        'DIFFICULTY_FIT_NOT_CONVERGED',
        `${ID}: the beta-passk fit has status ${f.status}; its α, β are used as they are.`,
      )
    const grid = logGrid(o.sigmaMin, o.sigmaMax, o.points)
    const series: Series[] = [
      {
        label: `Beta(α=${alpha.toPrecision(3)}, β=${beta.toPrecision(3)}) (Eq. 8)`,
        x: grid,
        y: grid.map((s) => difficultyPdf(s, alpha, beta)),
        style: 'fit',
      },
    ]
    // Non-parametric: the fitted curve's data series (pass@k) → failure 1 − pass@k.
    const src = fit.source?.series.find((s) => f.target === s.label || f.target === `${s.label} (1 − y)`)
    if (!src)
      ctx.warn(
        'DIFFICULTY_NO_SOURCE',
        `${ID}: the Fit carries no source curve for "${f.target}"; only the Beta density is returned.`,
      )
    else {
      const flipped = f.target.endsWith('(1 − y)')
      const ks: number[] = [],
        fail: number[] = []
      src.x.forEach((k, i) => {
        const y = src.y[i]
        if (Number.isFinite(y) && k >= 1) {
          ks.push(k)
          fail.push(flipped ? y : 1 - y)
        }
      })
      const sig = logGrid(o.sigmaMin, o.sigmaMax, o.masses)
      const cols = [0, ...sig] // σ = 0: problems never solved (the 1 − A mass)
      const m = ks.length,
        n = cols.length
      const A = new Float64Array(m * n)
      for (let r = 0; r < m; r++) for (let j = 0; j < n; j++) A[r * n + j] = Math.exp(-cols[j] * ks[r])
      const sol = nnls(m, n, A, Float64Array.from(fail))
      if (!sol.converged)
        ctx.warn(
          'DIFFICULTY_NNLS_NOT_CONVERGED',
          `${ID}: NNLS stopped at its iteration limit; the point masses may be suboptimal.`,
        )
      const x: number[] = [],
        y: number[] = []
      for (let j = 1; j < n; j++) {
        if (!(sol.x[j] > 0)) continue
        const lo = j === 1 ? sig[0] : Math.sqrt(sig[j - 2] * sig[j - 1]),
          hi = j === n - 1 ? sig[n - 2] : Math.sqrt(sig[j - 1] * sig[j])
        x.push(sig[j - 1])
        y.push(sol.x[j] / Math.max(hi - lo, 1e-300))
      }
      series.push({
        label: 'non-parametric (NNLS point masses)',
        x,
        y,
        style: 'data',
        attrs: { neverSolvedMass: sol.x[0], totalMass: sol.x.reduce((s, v) => s + v, 0) },
      })
      ctx.table({
        id: 'difficulty-masses',
        title: 'NNLS point masses of the difficulty distribution (Levi Eq. 8)',
        columns: ['sigma', 'p', 'mass'],
        rows: cols.map((s, j) => [s, Math.exp(-s), sol.x[j]] as (number | null)[]).filter((r) => (r[2] as number) > 0),
      })
    }
    return {
      kind: 'Curve',
      id: 'difficulty-pdf',
      title: 'Perceived difficulty density f(σ), σ = log(1/p)',
      xLabel: 'σ = log(1/p)',
      yLabel: 'f(σ)',
      xScale: 'log',
      yScale: 'log',
      quantity: 'density',
      series,
      meta: { alpha, beta },
    }
  },
})
