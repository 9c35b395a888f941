/**
 * The data kinds that flow between pipeline stages (ARCHITECTURE.md "Data kinds").
 * Open for augmentation: a third-party package adds a kind with
 *   declare module '@passk/core' { interface DataKinds { MyKind: MyKind } }
 * and registers a validator with `defineKind`.
 */

/** One realisation (seed) of a stochastic regression problem: y ~ N(m_i, s_i²) per row. */
export interface RegressionReplicate {
  /** Training rows: features n×d row-major, mean targets m, noise scales s, one realised label y per row. */
  train: { n: number; x: Float64Array; m: Float64Array; s: Float64Array; y: Float64Array }
  /** Held-out rows with their (m_i, s_i). */
  test: { n: number; x: Float64Array; m: Float64Array; s: Float64Array }
  /** Teacher θ* (length d) when the generative law is known (LID synthetic); undefined for real data. */
  teacher?: Float64Array
  /** The seed label used for this replicate (reported, not used for computation). */
  seed: number
}

/**
 * Population law of a synthetic source, enabling exact (population-mode) evaluation:
 * x ~ N(0, diag(eigenvalues)) in the teacher's basis, τ ~ Gamma(tauShape, 1), s = sigmaEta/√τ.
 */
export interface RegressionPopulation {
  eigenvalues: Float64Array
  tauShape: number
  sigmaEta: number
}

export interface StochasticRegression {
  kind: 'StochasticRegression'
  d: number
  replicates: RegressionReplicate[]
  population?: RegressionPopulation
  /**
   * Scale conventions applied by the pipeline, not by hand (CIFAR-10H, LID Eq. 28):
   * an estimator uses λ_eff = λ·lambdaScale, an evaluator uses δ_eff = δ·deltaScale. Default 1.
   */
  lambdaScale?: number
  deltaScale?: number
  /** Loss multiplier to report L_gen on the original target scale (e.g. s² for CIFAR-10H). */
  lossScale?: number
  meta: Record<string, unknown>
}

export interface LinearPredictors {
  kind: 'LinearPredictors'
  d: number
  /** Training-set sizes of the sweep (nested prefixes), ascending. */
  ns: number[]
  /** One entry per replicate of `data`: θ̂ for each N, ns.length × d row-major, and the λ used at each N. */
  fits: { theta: Float64Array; lambda: number[]; jitter: number[] }[]
  /** The data the predictors were trained on (evaluators need its test sets). */
  data: StochasticRegression
  estimator: string
  diagnostics: Record<string, unknown>
}

/** Trials of one group (model, temperature, …): per problem n attempts and c successes. */
export interface OutcomeGroup {
  label: string
  /** Extra grouping keys (e.g. { model: 'gpt-4', temperature: '0.2' }). */
  keys?: Record<string, string>
  problems: string[]
  n: Int32Array
  c: Int32Array
  /** Optional ordered per-attempt outcomes per problem (1 = success). */
  attempts?: Uint8Array[]
  /** Optional per-attempt cost per problem (tokens or USD, see costUnit). */
  cost?: Float64Array[]
  costUnit?: string
  /** Known per-problem success probabilities (simulations only), for checks. */
  truth?: { successProb?: Float64Array }
}

export interface TrialOutcomes {
  kind: 'TrialOutcomes'
  groups: OutcomeGroup[]
  meta: Record<string, unknown>
}

/** Continuous per-attempt scores, problems × attempts row-major, e.g. reconstruction errors. */
export interface ScoreGroup {
  label: string
  nProblems: number
  nAttempts: number
  scores: Float64Array
  problems?: string[]
}

export interface TrialScores {
  kind: 'TrialScores'
  groups: ScoreGroup[]
  /**
   * true if a larger score is better (success when score ≥ threshold); false for errors (success when score ≤
   * threshold).
   */
  higherIsBetter: boolean
  meta: Record<string, unknown>
}

export interface Series {
  label: string
  x: number[]
  y: number[]
  lower?: number[]
  upper?: number[]
  /** Standard errors of y, when known. */
  se?: number[]
  /** Numeric attributes of the series, e.g. { N: 1024 } or { epsilon: 0.3 }. */
  attrs?: Record<string, number | string>
  /** 'data' (markers) or 'fit'/'reference' (lines); plots use it. */
  style?: 'data' | 'fit' | 'reference'
}

export interface Curve {
  kind: 'Curve'
  /** Stable id within a run (used for file names), e.g. 'linf', 'passk', 'beta-eff'. */
  id: string
  title: string
  xLabel: string
  yLabel: string
  xScale: 'log' | 'linear'
  yScale: 'log' | 'linear'
  series: Series[]
  /** What the y values measure, so fitters know how to treat them: e.g. 'failure', 'pass', 'loss', 'exponent'. */
  quantity?: string
  meta?: Record<string, unknown>
}

export type FitStatus =
  | 'converged'
  | 'max-iterations'
  | 'non-finite'
  | 'at-bound'
  | 'singular'
  | 'failed'
  /** The optimiser stopped, but the data cannot determine the parameters (see fitters' identify helper). */
  | 'unidentified'

export interface FitParam {
  name: string
  value: number
  /** Standard error from the Jacobian covariance; NaN is never reported — null when unavailable. */
  stdErr: number | null
  /** Interval (e.g. bootstrap 95%) when computed. */
  lower?: number
  upper?: number
  fixed?: boolean
}

export interface FitResult {
  model: string
  /** Which series (label) of which curve was fitted. */
  target: string
  params: FitParam[]
  status: FitStatus
  message?: string
  iterations: number
  goodness: { n: number; dof: number; rss?: number; r2?: number; logLik?: number; aic?: number }
  correlation?: number[][]
  /** Derived quantities, e.g. asymptotic exponent, crossover k, predictions. */
  derived?: Record<string, number>
  /** Fitted curve on a grid, for plots. */
  curve?: { x: number[]; y: number[]; lower?: number[]; upper?: number[] }
  /**
   * What `curve.y` measures (e.g. 'pass') when the fit was not made on a curve — e.g. beta-binomial fits
   * per-problem counts but predicts pass@k; plots then overlay it on any curve of that quantity.
   */
  quantity?: string
  /** Evaluate the fitted model (not serialised). */
  predict?: (x: number) => number
}

export interface Fit {
  kind: 'Fit'
  fits: FitResult[]
  /** The curve that was fitted (kept so later stages and reports can overlay data and fit). */
  source?: Curve
  meta?: Record<string, unknown>
}

export interface Table {
  id: string
  title: string
  columns: string[]
  rows: (string | number | null)[][]
}

export interface DataKinds {
  StochasticRegression: StochasticRegression
  LinearPredictors: LinearPredictors
  TrialOutcomes: TrialOutcomes
  TrialScores: TrialScores
  Curve: Curve
  Fit: Fit
}

export type KindName = keyof DataKinds
export type KindValue<K extends KindName = KindName> = DataKinds[K]

export const CORE_KINDS: readonly KindName[] = [
  'StochasticRegression',
  'LinearPredictors',
  'TrialOutcomes',
  'TrialScores',
  'Curve',
  'Fit',
]
