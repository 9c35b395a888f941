import { defineEstimator, gridSchema, z } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import { runEstimator } from './internal/run-estimator.js'
import { DEFAULT_NS } from './ridge.js'

export const minNormOptions = z
  .object({
    ns: gridSchema
      .default(DEFAULT_NS)
      .describe('Training-set sizes N (nested prefixes); values above the available rows are dropped with a warning'),
  })
  .strict()

/** estimators/min-norm: the ridgeless limit λ → 0: X⁺y (min-norm interpolator for N < d, OLS for N ≥ d). */
export const minNorm = defineEstimator({
  name: 'min-norm',
  version: pkg.version,
  summary: 'Ridgeless limit λ → 0: minimum-norm interpolator Xᵀ(XXᵀ)⁻¹y for N < d, OLS for N ≥ d',
  description:
    'Exactly λ = 0: the dual form Xᵀ(XXᵀ)⁻¹y for N < d (no ridge needed: XXᵀ is positive definite for rows in general position), the primal normal equations for N ≥ d. A numerically singular system gets a reported diagonal jitter.',
  refs: ['LID §3.1', 'LID App. B Eq. 39–40 (λ = λ̃/N, λ̃ → 0)'],
  accepts: 'StochasticRegression',
  produces: 'LinearPredictors',
  options: minNormOptions,
  run(data, o, ctx) {
    return runEstimator(
      data,
      { id: 'estimators/min-norm', lambda: 0, lambdaMode: 'const', dual: 'auto', ns: o.ns },
      ctx,
    )
  },
})
