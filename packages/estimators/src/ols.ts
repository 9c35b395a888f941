import { defineEstimator, gridSchema, z } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import { runEstimator } from './internal/run-estimator.js'
import { DEFAULT_NS } from './ridge.js'

export const olsOptions = z
  .object({
    ns: gridSchema
      .default({ ...DEFAULT_NS, from: 1024 })
      .describe(
        'Training-set sizes N ≥ d (nested prefixes); values above the available rows are dropped with a warning',
      ),
  })
  .strict()

/** estimators/ols: ordinary least squares θ̂ = (XᵀX)⁻¹Xᵀy (Eq. 6 with λ = 0), N ≥ d only. */
export const ols = defineEstimator({
  name: 'ols',
  version: pkg.version,
  summary: 'Ordinary least squares θ̂ = (XᵀX)⁻¹Xᵀy (Eq. 6 with λ = 0) on nested prefixes with N ≥ d',
  description:
    'Refuses N < d (the problem is underdetermined: use estimators/min-norm). Incremental Gram updates and a Cholesky solve per N; a numerically singular XᵀX gets a reported jitter.',
  refs: ['LID Eq. 6 (λ = 0)', 'LID App. B Eq. 38'],
  accepts: 'StochasticRegression',
  produces: 'LinearPredictors',
  options: olsOptions,
  run(data, o, ctx) {
    return runEstimator(
      data,
      { id: 'estimators/ols', lambda: 0, lambdaMode: 'const', dual: 'never', ns: o.ns, refuseUnderdetermined: true },
      ctx,
    )
  },
})
