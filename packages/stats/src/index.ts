// @passk/stats: shared model math — special functions, Beta / Beta-Binomial closed forms, the stable pass@k
// product, the Beta-Binomial likelihood and MLE (damped Newton with bounds, bootstrap). Depends only on
// @passk/linalg; errors are StatsError (code, message, hint) for callers to wrap as PasskError.
export * as special from './special.js'
export { passAtK, passAtKs, logChooseRatio, PRODUCT_TERMS } from './pass-at-k.js'
export { logBetaMoment, betaPassAtK, betaPassAtKFn, posteriorPassAtK } from './beta.js'
export {
  betaBinomialFit,
  betaBinomialFitGroups,
  betaBinomialLogPmf,
  betaBinomialLogKernel,
  betaBinomialLogKernels,
  betaBinomialLogKernelDerivs,
  SCALED_SUM_TERMS,
  type BetaBinomialOptions,
  type BetaBinomialResult,
  type BetaBinomialVariant,
  type CountGroups,
} from './beta-binomial.js'
export { fitMle, type MleProblem, type MleResult, type MleStatus } from './mle.js'
export { AT_BOUND_U, toNatural, toInternal, dNatural, describeBound, type Bound } from './transforms.js'
export { bootstrap, percentile, type BootstrapOptions, type BootstrapSummary, type IntRng } from './bootstrap.js'
export { spdInverse, type SpdInverse } from './spd.js'
export { logScaledPmf, log1pmx } from './scaled.js'
export { StatsError, isStatsError } from './errors.js'
