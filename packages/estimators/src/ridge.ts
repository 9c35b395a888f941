import { defineEstimator, gridSchema, z } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import { runEstimator } from './internal/run-estimator.js'

export const DEFAULT_NS = { from: 16, to: 16384, num: 16, scale: 'log', integer: true } as const

export const ridgeOptions = z
  .object({
    lambda: z
      .number()
      .nonnegative()
      .default(1e-9)
      .describe("Ridge strength λ of Eq. 6 (multiplied by the data's lambdaScale)"),
    lambdaMode: z
      .enum(['const', 'perN', 'perNBelowD'])
      .default('const')
      .describe(
        "'const': λ at every N; 'perN': λ = λ̃/N with λ̃ = lambda at every N; 'perNBelowD': λ̃/N only where N < d (LID §3.1: the min-norm scaling in the overparameterised regime), λ̃ elsewhere",
      ),
    ns: gridSchema
      .default(DEFAULT_NS)
      .describe('Training-set sizes N (nested prefixes); values above the available rows are dropped with a warning'),
    dual: z
      .enum(['auto', 'never', 'always'])
      .default('auto')
      .describe("Kernel (dual) form: 'auto' for N < d, 'never', or 'always' (N ≤ 4096)"),
  })
  .strict()

/** estimators/ridge: θ̂(N) = (XᵀX/N + λI)⁻¹Xᵀy/N on nested prefixes (LID Eq. 6). */
export const ridge = defineEstimator({
  name: 'ridge',
  version: pkg.version,
  summary: 'Ridge regression θ̂ = (XᵀX/N + λI)⁻¹Xᵀy/N on nested training prefixes (LID Eq. 6)',
  description:
    'For every N of the sweep fits every replicate on its first N training rows. The Gram matrix is updated incrementally between consecutive N (never recomputed); N < d uses the dual form Xᵀ(XXᵀ + NλI)⁻¹y. Cholesky solves; a numerically singular system gets a reported diagonal jitter.',
  refs: ['LID Eq. 5', 'LID Eq. 6', 'LID §3.1 (λ = λ̃/N)', 'LID Eq. 28 (λ_eff)'],
  accepts: 'StochasticRegression',
  produces: 'LinearPredictors',
  options: ridgeOptions,
  run(data, o, ctx) {
    return runEstimator(
      data,
      { id: 'estimators/ridge', lambda: o.lambda, lambdaMode: o.lambdaMode, dual: o.dual, ns: o.ns },
      ctx,
    )
  },
})
