// @passk/source-beta: Beta-distributed failure probabilities, correlated trials and inference cost (Levi 2024 §3)
import { definePackage } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import { beta, betaCurve } from './beta.js'

export { beta, betaCurve, betaOptions, betaCurveOptions, MAX_SIMULATED_ATTEMPTS } from './beta.js'
export { logBetaMoment, effectiveTrials, tailPrefactor } from './beta-moments.js'
export { createCorrelatedSampler } from './correlated-trials.js'
export type { BetaOptions, BetaCurveOptions } from './beta.js'
export type { CorrelatedSampler } from './correlated-trials.js'

export default definePackage({
  meta: { name: pkg.name, version: pkg.version, namespace: 'sources' },
  plugins: [beta, betaCurve],
})
