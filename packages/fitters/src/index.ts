// @passk/fitters: curve fitters for pass@k and loss curves, with uncertainty
import { definePackage } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import { powerLaw } from './power-law.js'
import { powerLawOffset } from './power-law-offset.js'
import { expPowerLaw } from './exp-power-law.js'
import { localSlope } from './local-slope.js'
import { betaEffSaturation } from './beta-eff-saturation.js'
import { betaPassk } from './beta-passk.js'
import { betaBinomial } from './beta-binomial.js'
import { kEff } from './k-eff.js'
import { twoTail } from './two-tail.js'
import { computeAllocationPlugin } from './compute-allocation.js'
import { difficultyPdfPlugin } from './difficulty-pdf.js'
import { extrapolate } from './extrapolate-plugin.js'
import { scalingExponents } from './scaling-exponents.js'
import { computeSplit } from './compute-split.js'
import { kumaraswamy } from './kumaraswamy.js'
import { ebPosteriorPlugin } from './eb-posterior.js'

export { powerLaw } from './power-law.js'
export { powerLawOffset } from './power-law-offset.js'
export { expPowerLaw } from './exp-power-law.js'
export { localSlope, localSlopeWindow } from './local-slope.js'
export { betaEffSaturation, saturationVerdict, type SaturationVerdict } from './beta-eff-saturation.js'
export { scalingExponents, parseSi, groupCovariates, identifiability } from './scaling-exponents.js'
export { computeSplit, splitAnswer, FamilyLaw, bFromPrefactor, type ExponentLaw } from './compute-split.js'
export { betaPassk } from './beta-passk.js'
export {
  betaBinomial,
  betaBinomialFit,
  betaBinomialLogPmf,
  type BetaBinomialOptions,
  type BetaBinomialResult,
  type BetaBinomialVariant,
} from './beta-binomial.js'
export { kEff, kEffPassAtK } from './k-eff.js'
export { twoTail } from './two-tail.js'
export {
  computeAllocationPlugin as computeAllocation,
  computeAllocation as computeAllocationOptima,
  lTot,
  betaEffAt,
  ptildeAt,
  prefactorLawFrom,
  type PrefactorLaw,
  type AllocationParams,
  type AllocationOptimum,
} from './compute-allocation.js'
export { difficultyPdfPlugin as difficultyPdf, difficultyPdf as difficultyDensity } from './difficulty-pdf.js'
export { extrapolate } from './extrapolate-plugin.js'
export {
  extrapolatePassAtK,
  fitPowerLaw as fitNegLogPowerLaw,
  MIN_KEEP,
  PLAUSIBLE_FACTOR,
  extrapolationSummary,
  extrapolationTables,
  EXTRAPOLATION_MODELS,
  type ExtrapolationModel,
  type ExtrapolationOptions,
  type ExtrapolationReport,
  type ExtrapolationSummaryRow,
  type ModelPrediction,
  type BacktestRow,
  type Recommendation,
} from './extrapolate.js'
export { hypergeometric, thinCounts } from './internal/thin.js'
export { ziBetaBinomialFit, type ZiFit } from './internal/zi-beta-binomial.js'
export { betaPassAtK, betaFailAtK, logBetaFailAtK, betaTailPrefactor } from './beta-pass-at-k.js'
export {
  planAttempts,
  varianceReduction,
  failVariance,
  logFailMoment,
  expectedPosteriorSd,
  priorSd,
  PLAN_STRATEGIES,
  PLAN_MAX_K,
  PLAN_MAX_BUDGET,
  type PlanStrategy,
  type PlanOptions,
  type AttemptPlan,
  type PlanRng,
} from './plan.js'
export {
  kumaraswamy,
  kumaraswamyFit,
  kumaraswamyLogLik,
  kumaraswamyLogPmf,
  kumaraswamyPassAtK,
  kumaraswamyLogMoment,
  kumaraswamyPosteriorPassAtK,
  type KumaraswamyFit,
  type KumaraswamyOptions,
  type KumaraswamyIntervals,
  type KumaraswamyVariant,
} from './kumaraswamy.js'
export {
  ebPosteriorPlugin as ebPosterior,
  ebPosterior as ebPosteriorFit,
  ebProblemPassAtK,
  ebProblemInterval,
  type EbPrior,
  type EbPosteriorOptions,
  type EbPosteriorResult,
  type EbVariant,
  type EbWithinN,
} from './eb-posterior.js'

export default definePackage({
  meta: { name: pkg.name, version: pkg.version, namespace: 'fitters' },
  plugins: [
    powerLaw,
    powerLawOffset,
    expPowerLaw,
    localSlope,
    betaEffSaturation,
    betaPassk,
    betaBinomial,
    kEff,
    twoTail,
    computeAllocationPlugin,
    difficultyPdfPlugin,
    scalingExponents,
    computeSplit,
    extrapolate,
    kumaraswamy,
    ebPosteriorPlugin,
  ],
})
