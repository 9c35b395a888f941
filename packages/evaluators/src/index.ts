// @passk/evaluators
import { definePackage } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import { genLoss } from './gen-loss.js'
import { passkTarget } from './passk-target.js'
import { passkAsymptote } from './passk-asymptote.js'
import { passkUnbiased } from './passk-unbiased.js'
import { coverageAtCost } from './coverage-at-cost.js'
import { failure } from './failure.js'
import { passkSurvival } from './passk-survival.js'

export { genLoss, genLossOptions } from './gen-loss.js'
export { passkTarget, passkTargetOptions, testSetLogLinf } from './passk-target.js'
export { passkAsymptote, passkAsymptoteOptions, logC1 } from './passk-asymptote.js'
export { passkUnbiased, passkUnbiasedOptions, groupPassk } from './passk-unbiased.js'
export { coverageAtCost, coverageAtCostOptions, redExponent } from './coverage-at-cost.js'
export { failure, failureOptions } from './failure.js'
export {
  passkSurvival,
  passkSurvivalOptions,
  detectAdaptiveStopping,
  kaplanMeierPassAtK,
  batchKaplanMeierPassAtK,
  batchSize,
  spearman,
  firstSuccessTimes,
  type AdaptiveStoppingEvidence,
  type KaplanMeierPassAtK,
} from './passk-survival.js'

export default definePackage({
  meta: { name: pkg.name, version: pkg.version, namespace: 'evaluators' },
  plugins: [genLoss, passkTarget, passkAsymptote, passkUnbiased, coverageAtCost, failure, passkSurvival],
})
