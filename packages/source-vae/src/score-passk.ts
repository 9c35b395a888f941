/**
 * evaluators/score-passk — TrialScores → Curve: pass@k vs k for several thresholds ε (Levi 2024 Fig. 5
 * left), exact from each problem's empirical success count c_i out of n attempts with the unbiased
 * estimator 1 − C(n − c, k)/C(n, k), averaged over problems.
 * With `kappa` it also draws the effective-k prediction of Eq. 10, pass@k = 1 − (1/n) Σ_i p_i^{H_k(κ)},
 * with p_i = 1 − c_i/n the per-problem failure rate at the maximal k (as in §4).
 */
import { defineEvaluator, expandGrid, gridSchema, PasskError, special, z, type Curve, type Series } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import { thresholdGroup } from './threshold.js'
import { correlationSpectrum } from './trial-correlation.js'

export const scorePasskOptions = z
  .object({
    epsilons: z
      .array(z.number().finite())
      .min(1)
      .max(50)
      .default([0.3, 0.35, 0.4, 0.45, 0.5])
      .describe('Thresholds ε, one series each'),
    k: gridSchema
      .optional()
      .describe(
        'k grid (default: 30 log-spaced integers from 1 to the number of attempts); k above the number of attempts is dropped with a warning',
      ),
    normalize: z
      .boolean()
      .default(false)
      .describe('Divide each series by its value at the largest k (Fig. 5 "normalized to asymptote at 1")'),
    kappa: z
      .union([z.number().min(0).max(50), z.literal('spectrum')])
      .optional()
      .describe(
        'κ for the effective-k prediction of Eq. 10: a number, or "spectrum" to take it from the power-law decay of the Eq. 15 eigenvalues (as evaluators/trial-correlation, j ∈ [2, K/2]); adds one "fit" series per ε and meta.kappa',
      ),
  })
  .strict()

export const scorePassk = defineEvaluator({
  name: 'score-passk',
  version: pkg.version,
  summary: 'pass@k vs k for several thresholds ε from continuous scores (Levi 2024 Fig. 5 left)',
  refs: ['Levi 2024, §4, Fig. 5', 'Levi 2024, Eq. 10', 'Chen et al. 2021, Eq. 1'],
  accepts: 'TrialScores',
  produces: 'Curve',
  options: scorePasskOptions,
  run(input, o, ctx) {
    const series: Series[] = []
    const kappas: number[] = []
    for (const g of input.groups) {
      let kappa: number | undefined
      if (o.kappa === 'spectrum') {
        const K = Math.min(g.nAttempts, 2000)
        const sp = K >= 8 ? correlationSpectrum(g, K, false, 2, Math.floor(K / 2)) : null
        if (!sp?.fit || !(sp.fit.kappa >= 0))
          ctx.warn(
            'PASSK_NOT_CONVERGED',
            `Group "${g.label}": κ could not be fitted from the trial-correlation spectrum (K = ${K}${sp?.fit ? `, fitted κ = ${sp.fit.kappa}` : ''}); no Eq. 10 prediction is drawn.`,
          )
        else {
          kappa = sp.fit.kappa
          ctx.log.info(
            `κ from the spectrum of "${g.label}": ${kappa.toFixed(4)} ± ${sp.fit.kappaSe.toFixed(4)} (j = 2…${sp.fit.jMax})`,
          )
        }
      } else kappa = o.kappa
      if (kappa !== undefined) kappas.push(kappa)
      const m = g.nAttempts
      let ks = o.k
        ? expandGrid(o.k).map(Math.round)
        : expandGrid({ from: 1, to: m, num: 30, scale: 'log', integer: true })
      ks = [...new Set(ks.filter((k) => k >= 1))]
      const over = ks.filter((k) => k > m)
      if (over.length)
        ctx.warn(
          'PASSK_K_ABOVE_N',
          `Group "${g.label}": k = ${over.join(', ')} exceed the ${m} attempts per problem and were dropped (pass@k is not estimable there).`,
        )
      ks = ks.filter((k) => k <= m)
      if (!ks.length)
        throw new PasskError(
          'PASSK_BAD_OPTIONS',
          `evaluators/score-passk: no k in the grid is ≤ the ${m} attempts per problem of group "${g.label}".`,
          `Use a k grid within 1…${m}.`,
        )
      for (const eps of o.epsilons) {
        ctx.throwIfAborted()
        const { c } = thresholdGroup(g, eps, input.higherIsBetter)
        const n = g.nProblems
        let y = ks.map((k) => {
          let s = 0
          for (let i = 0; i < n; i++) s += special.passAtK(m, c[i], k)
          return s / n
        })
        const top = y[y.length - 1]
        const norm = o.normalize ? (top > 0 ? top : NaN) : 1
        if (o.normalize && !(top > 0))
          ctx.warn(
            'PASSK_NO_SUCCESS',
            `Group "${g.label}", ε = ${eps}: pass@k is 0 at every k, so it cannot be normalised; the series is left at 0.`,
          )
        const scale = Number.isNaN(norm) ? 1 : norm
        y = y.map((v) => v / scale)
        series.push({
          label: `${g.label}, ε=${eps}`,
          x: ks,
          y,
          style: 'data',
          attrs: { epsilon: eps, problems: n, attempts: m },
        })
        if (kappa !== undefined) {
          const H = ks.map((k) => special.harmonic(k, kappa)) // H_k(κ), Eq. 9
          const yp = H.map((h) => {
            let s = 0
            for (let i = 0; i < n; i++) s += Math.pow(1 - c[i] / m, h)
            return (1 - s / n) / scale
          })
          series.push({
            label: `${g.label}, ε=${eps}, Eq. 10 with κ=${kappa.toPrecision(3)}`,
            x: ks,
            y: yp,
            style: 'fit',
            attrs: { epsilon: eps, kappa },
          })
        }
      }
    }
    const curve: Curve = {
      kind: 'Curve',
      id: 'passk',
      title: `pass@k vs k for thresholds ε${o.normalize ? ' (normalised at the largest k)' : ''}`,
      xLabel: 'k (attempts)',
      yLabel: o.normalize ? 'pass@k / pass@k_max' : 'pass@k',
      xScale: 'log',
      yScale: 'linear',
      quantity: 'pass',
      series,
      meta: {
        ...(kappas.length
          ? {
              kappa: kappas[0],
              kappaSource: o.kappa === 'spectrum' ? 'trial-correlation spectrum (Eq. 15)' : 'option',
            }
          : {}),
        epsilons: o.epsilons,
        normalized: o.normalize,
      },
    }
    return curve
  },
})
