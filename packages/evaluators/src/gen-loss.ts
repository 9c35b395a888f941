/**
 * evaluators/gen-loss: generalization loss against the mean target (LID Eq. 8),
 *   L_gen(N) = E_x[(x·θ̂_N − x·θ*)²],
 * per replicate either exactly from the population law (Δθᵀ Σ Δθ, LID App. B Eq. 32) or as the mean
 * over the test set; then averaged over replicates with standard errors. Real data without a teacher
 * uses the test mean targets m_i instead of x·θ* (recorded in the curve meta).
 */
import { defineEvaluator, z } from '@passk/core'
import type { Curve, LinearPredictors, PluginContext, Series } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import { meanSe, predictionErrors, thetaErrors } from './internal/predictions.js'
import { checkPredictors, needPopulation, populationOf, quadForm } from './internal/mode.js'

export const genLossOptions = z
  .object({
    mode: z
      .enum(['auto', 'population', 'test-set'])
      .default('auto')
      .describe(
        "'population' = exact Δθᵀ Σ Δθ (needs the source's law), 'test-set' = mean over test points, 'auto' = population when known",
      ),
    reference: z
      .boolean()
      .default(false)
      .describe(
        'Add the N > d+1 reference σ²_noise·d/(N − d − 1), σ²_noise = 2σ_η²/(β − 2) (LID Eq. 38), when the population law is known and β > 2',
      ),
  })
  .strict()

function run(p: LinearPredictors, o: z.output<typeof genLossOptions>, ctx: PluginContext): Curve {
  const id = 'evaluators/gen-loss'
  checkPredictors(p, id)
  const pop = o.mode === 'population' ? needPopulation(p, id) : o.mode === 'auto' ? populationOf(p) : null
  const { d, ns } = p
  const R = p.fits.length,
    nN = ns.length
  const scale = p.data.lossScale ?? 1
  const perRep = Array.from({ length: nN }, () => new Float64Array(R))
  let testSe: Float64Array | undefined
  for (let r = 0; r < R; r++) {
    ctx.throwIfAborted()
    if (pop) {
      const dt = thetaErrors(p, r)!
      for (let n = 0; n < nN; n++) perRep[n][r] = quadForm(pop.eigenvalues, dt, n * d, d)
    } else {
      const B = predictionErrors(p, r),
        nT = p.data.replicates[r].test.n
      if (R === 1) testSe = new Float64Array(nN)
      for (let n = 0; n < nN; n++) {
        let s = 0,
          s2 = 0
        for (let i = 0; i < nT; i++) {
          const e = B[n * nT + i] ** 2
          s += e
          s2 += e * e
        }
        const m = s / nT
        perRep[n][r] = m
        // R = 1: the standard error of the test mean of B² is the only honest uncertainty.
        if (testSe) testSe[n] = nT > 1 ? Math.sqrt(Math.max(0, s2 / nT - m * m) / (nT - 1)) : NaN
      }
    }
    ctx.progress({ done: r + 1, total: R, label: `replicate ${r + 1}/${R}` })
  }
  const y: number[] = [],
    se: number[] = []
  for (let n = 0; n < nN; n++) {
    const { mean, se: s } = meanSe(perRep[n])
    y.push(mean * scale)
    se.push((s ?? testSe?.[n] ?? NaN) * scale)
  }
  const seKind = R > 1 ? 'replicates' : testSe ? 'test-points' : 'none'
  const series: Series[] = [{ label: 'L_gen', x: [...ns], y, ...(seKind !== 'none' ? { se } : {}), style: 'data' }]
  const beta = pop ? 2 * pop.tauShape : NaN
  if (o.reference) {
    if (!pop || !(beta > 2))
      ctx.warn(
        'GEN_LOSS_NO_REFERENCE',
        `${id}: the reference σ²_noise·d/(N − d − 1) needs the population law with β > 2; it was left out.`,
      )
    else {
      const noise = (2 * pop.sigmaEta ** 2) / (beta - 2)
      const xs = ns.filter((N) => N > d + 1)
      if (xs.length)
        series.push({
          label: 'σ²_noise·d/(N−d−1) (Eq. 38)',
          x: xs,
          y: xs.map((N) => ((noise * d) / (N - d - 1)) * scale),
          style: 'reference',
        })
    }
  }
  return {
    kind: 'Curve',
    id: 'gen-loss',
    title: 'Generalization loss L_gen(N) (LID Eq. 8)',
    xLabel: 'N (training samples)',
    yLabel: 'L_gen',
    xScale: 'log',
    yScale: 'log',
    quantity: 'loss',
    series,
    meta: {
      mode: pop ? 'population' : 'test-set',
      target: p.data.replicates.every((r) => r.teacher) ? 'teacher x·θ*' : 'test mean targets m_i (no teacher)',
      replicates: R,
      seKind,
      lossScale: scale,
      d,
      estimator: p.estimator,
    },
  }
}

export const genLoss = defineEvaluator({
  name: 'gen-loss',
  version: pkg.version,
  summary: 'Generalization loss L_gen(N) against the mean target, exact (population) or on the test set (LID Eq. 8)',
  refs: ['LID Eq. 8', 'LID App. B Eq. 32, Eq. 38'],
  accepts: 'LinearPredictors',
  produces: 'Curve',
  options: genLossOptions,
  run,
})
