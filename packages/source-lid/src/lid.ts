/**
 * sources/lid: the Latent Instance Difficulty synthetic data (LID paper, Def. 3.1, Eqs. 1–3).
 *
 *   x ~ N(0, Σ), Σ = diag(σ_j²), σ_j² ∝ j^−(1+α), j = 1..d          (Def. 3.1 item 1)
 *   τ ~ Gamma(shape β/2, rate 1)                                      (Eq. 1)
 *   m = x·θ*,  s = σ_η/√τ,  y = m + η,  η ~ N(0, s²)                  (Eqs. 2–3)
 *
 * One teacher θ* per run (stream 'teacher'), shared by every replicate — or, with teacher 'per-replicate',
 * θ* ~ N(0, I/d) afresh for replicate r from stream 'teacher-' + r; each replicate r draws its
 * own training and test sets from ctx.rng.split('replicate-' + r), in a fixed order: training
 * features (row-major), training τ, training label noise, then the same for the test set.
 */
import { PasskError, defineSource, z } from '@passk/core'
import type { PluginContext, RegressionReplicate, Rng, StochasticRegression } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }

/** Smallest τ kept: Gamma(β/2) with small β can underflow to 0, which would make s = σ_η/√τ infinite. */
export const TAU_FLOOR = 1e-300

/** Largest number of float64 values one run may allocate for features (≈ 4 GB). */
const MAX_VALUES = 2 ** 29

export const lidOptions = z
  .object({
    d: z.number().int().min(1).max(65536).default(512).describe('Feature dimension d'),
    alpha: z
      .number()
      .positive()
      .max(20)
      .default(1)
      .describe('Spectral exponent α: eigenvalues σ_j² ∝ j^−(1+α) (Def. 3.1)'),
    beta: z
      .number()
      .positive()
      .max(200)
      .default(3)
      .describe('Difficulty tail index β: τ ~ Gamma(β/2, 1) (Eq. 1); β > 2 keeps the mean noise variance finite'),
    sigmaEta: z.number().positive().default(1e-3).describe('Global noise scale σ_η: target variance σ_η²/τ (Eq. 2)'),
    nTrain: z.number().int().min(1).default(16384).describe('Training rows per replicate (N_max of the sweep)'),
    nTest: z.number().int().min(1).default(4096).describe('Held-out test rows per replicate'),
    replicates: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(3)
      .describe('Independent data sets (seeds), averaged by evaluators'),
    normalize: z
      .enum(['trace', 'none'])
      .default('trace')
      .describe("Spectrum scale: 'trace' makes tr Σ = 1, 'none' uses σ_j² = j^−(1+α)"),
    teacher: z
      .enum(['isotropic', 'power-law', 'per-replicate'])
      .default('isotropic')
      .describe(
        "Teacher θ*: 'isotropic' θ*_j ~ N(0,1), 'power-law' θ*_j = ±j^−teacherDecay (random signs), both one per run rescaled to the signal variance; 'per-replicate' θ* ~ N(0, I/d) drawn afresh for each replicate, not rescaled (the numpy reference's convention; signalVariance does not apply)",
      ),
    teacherDecay: z
      .number()
      .min(0)
      .max(20)
      .default(0.5)
      .describe("Decay of the 'power-law' teacher, θ*_j ∝ j^−teacherDecay"),
    signalVariance: z
      .number()
      .positive()
      .default(1)
      .describe('Teacher scale: θ* is rescaled so that Var(x·θ*) = θ*ᵀΣθ* equals this'),
  })
  .strict()

export type LidOptions = z.output<typeof lidOptions>

/** Eigenvalues σ_j² = j^−(1+α), divided by their sum when normalize = 'trace'. */
export function lidSpectrum(d: number, alpha: number, normalize: 'trace' | 'none'): Float64Array {
  const ev = new Float64Array(d)
  let sum = 0
  for (let j = 0; j < d; j++) {
    ev[j] = Math.pow(j + 1, -(1 + alpha))
    sum += ev[j]
  }
  if (normalize === 'trace') for (let j = 0; j < d; j++) ev[j] = ev[j] / sum
  return ev
}

/** Teacher θ* with θ*ᵀΣθ* = signalVariance exactly (drawn from `rng`). */
export function lidTeacher(
  rng: Rng,
  eigenvalues: Float64Array,
  o: Pick<LidOptions, 'teacher' | 'teacherDecay' | 'signalVariance'>,
): Float64Array {
  const d = eigenvalues.length
  const th = new Float64Array(d)
  if (o.teacher === 'isotropic') rng.fillNormal(th)
  else for (let j = 0; j < d; j++) th[j] = (rng.uniform() < 0.5 ? -1 : 1) * Math.pow(j + 1, -o.teacherDecay)
  let q = 0
  for (let j = 0; j < d; j++) q += eigenvalues[j] * th[j] * th[j]
  // q > 0 unless every draw was exactly 0 (probability 0); guard anyway rather than divide by 0.
  const c = q > 0 ? Math.sqrt(o.signalVariance / q) : 0
  for (let j = 0; j < d; j++) th[j] = th[j] * c
  return th
}

/** θ* ~ N(0, I/d), one per replicate (teacher 'per-replicate', the numpy reference's convention). */
export function perReplicateTeacher(rng: Rng, d: number): Float64Array {
  const th = new Float64Array(d)
  rng.fillNormal(th)
  const c = 1 / Math.sqrt(d)
  for (let j = 0; j < d; j++) th[j] = th[j] * c
  return th
}

/**
 * Values (rows × d) generated per block in fillLidRows: 8192 doubles = 64 KB, so the scaling by σ_j and
 * the dot product m = x·θ* read the normals from L1/L2 right after they were drawn instead of streaming
 * the whole n×d array through memory a second time.
 */
export const FILL_BLOCK_VALUES = 8192

/**
 * Fill one block of LID rows: x (n×d, row-major), m = x·θ*, s = σ_η/√τ and, when `y` is given,
 * one realised label y = m + s·z (Def. 3.1, Eqs. 1–3). Draw order (fixed): the n·d standard normals of
 * x row-major, then n Gamma(tauShape) draws, then n label normals. The normals of x are drawn in blocks
 * of whole rows (FILL_BLOCK_VALUES) and each block is scaled by sd (x_ij = σ_j·z_ij) and dotted with θ*
 * while it is in cache; the stream and every output bit are the same as drawing all n·d normals first
 * and scaling afterwards. m = x·θ* is summed as scaleDot does (four partial sums), whatever the block size.
 */
/**
 * x[o + j] ← x[o + j]·sd[j] for j < d, and returns Σ_j x[o + j]·θ[j] of the scaled row, summed in four
 * partial sums s_r over j ≡ r (mod 4) (each in increasing j), added as (s_0 + s_1) + (s_2 + s_3): four
 * independent add chains instead of one, ~2× faster (the order is fixed, so the result is deterministic).
 */
export function scaleDot(x: Float64Array, o: number, sd: Float64Array, theta: Float64Array, d: number): number {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0,
    j = 0
  for (; j + 3 < d; j += 4) {
    const v0 = x[o + j] * sd[j],
      v1 = x[o + j + 1] * sd[j + 1],
      v2 = x[o + j + 2] * sd[j + 2],
      v3 = x[o + j + 3] * sd[j + 3]
    x[o + j] = v0
    x[o + j + 1] = v1
    x[o + j + 2] = v2
    x[o + j + 3] = v3
    s0 += v0 * theta[j]
    s1 += v1 * theta[j + 1]
    s2 += v2 * theta[j + 2]
    s3 += v3 * theta[j + 3]
  }
  for (; j < d; j++) {
    const v = x[o + j] * sd[j]
    x[o + j] = v
    if (j % 4 === 0) s0 += v * theta[j]
    else if (j % 4 === 1) s1 += v * theta[j]
    else s2 += v * theta[j]
  }
  return s0 + s1 + (s2 + s3)
}

export function fillLidRows(
  rng: Rng,
  n: number,
  sd: Float64Array,
  theta: Float64Array,
  tauShape: number,
  sigmaEta: number,
  x: Float64Array,
  m: Float64Array,
  s: Float64Array,
  y?: Float64Array,
): void {
  const d = sd.length
  const rowsPerBlock = Math.max(1, Math.floor(FILL_BLOCK_VALUES / Math.max(1, d)))
  for (let i0 = 0; i0 < n; i0 += rowsPerBlock) {
    const i1 = Math.min(n, i0 + rowsPerBlock)
    rng.fillNormal(x, i0 * d, (i1 - i0) * d)
    for (let i = i0; i < i1; i++) m[i] = scaleDot(x, i * d, sd, theta, d)
  }
  for (let i = 0; i < n; i++) {
    const tau = rng.gamma(tauShape)
    s[i] = sigmaEta / Math.sqrt(tau > TAU_FLOOR ? tau : TAU_FLOOR)
  }
  if (y) {
    rng.fillNormal(y, 0, n)
    for (let i = 0; i < n; i++) y[i] = m[i] + s[i] * y[i]
  }
}

function runLid(o: LidOptions, ctx: PluginContext): StochasticRegression {
  const { d, nTrain, nTest, replicates: R } = o
  const values = (nTrain + nTest) * d * R
  if (values > MAX_VALUES) {
    throw new PasskError(
      'PASSK_TOO_LARGE',
      `sources/lid: (nTrain ${nTrain} + nTest ${nTest}) × d ${d} × replicates ${R} = ${values.toExponential(2)} feature values, above the limit ${MAX_VALUES.toExponential(2)} (about 4 GB).`,
      'Lower nTrain, nTest, d or replicates.',
    )
  }
  if (o.beta <= 2) {
    ctx.warn(
      'LID_INFINITE_NOISE_VARIANCE',
      `sources/lid: β = ${o.beta} ≤ 2 makes the mean target variance σ_η²·E[1/τ] infinite (Corollary 1, Ass. 3.2); L_gen scaling laws do not apply, pass@k exponents still do.`,
    )
  }
  const eigenvalues = lidSpectrum(d, o.alpha, o.normalize)
  const sd = new Float64Array(d)
  for (let j = 0; j < d; j++) sd[j] = Math.sqrt(eigenvalues[j])
  const shared = o.teacher === 'per-replicate' ? null : lidTeacher(ctx.rng.split('teacher'), eigenvalues, o)
  const tauShape = o.beta / 2
  const reps: RegressionReplicate[] = []
  for (let r = 0; r < R; r++) {
    ctx.throwIfAborted()
    const rng = ctx.rng.split('replicate-' + r)
    const teacher = shared ?? perReplicateTeacher(ctx.rng.split('teacher-' + r), d)
    const train = {
      n: nTrain,
      x: new Float64Array(nTrain * d),
      m: new Float64Array(nTrain),
      s: new Float64Array(nTrain),
      y: new Float64Array(nTrain),
    }
    fillLidRows(rng, nTrain, sd, teacher, tauShape, o.sigmaEta, train.x, train.m, train.s, train.y)
    ctx.throwIfAborted()
    const test = { n: nTest, x: new Float64Array(nTest * d), m: new Float64Array(nTest), s: new Float64Array(nTest) }
    fillLidRows(rng, nTest, sd, teacher, tauShape, o.sigmaEta, test.x, test.m, test.s)
    reps.push({ train, test, teacher, seed: r })
    ctx.progress({ done: r + 1, total: R, label: `replicate ${r + 1}/${R}` })
  }
  const noiseVariance = o.beta > 2 ? (2 * o.sigmaEta * o.sigmaEta) / (o.beta - 2) : Infinity
  return {
    kind: 'StochasticRegression',
    d,
    replicates: reps,
    population: { eigenvalues, tauShape, sigmaEta: o.sigmaEta },
    meta: {
      source: 'sources/lid',
      alpha: o.alpha,
      beta: o.beta,
      sigmaEta: o.sigmaEta,
      normalize: o.normalize,
      teacher: o.teacher,
      teacherDecay: o.teacherDecay,
      signalVariance: o.signalVariance,
      // σ²_noise = σ_η² E[1/τ] = 2σ_η²/(β − 2) (Corollary 1); null when infinite (β ≤ 2).
      noiseVariance: Number.isFinite(noiseVariance) ? noiseVariance : null,
    },
  }
}

export const lid = defineSource({
  name: 'lid',
  version: pkg.version,
  summary: 'LID synthetic regression: power-law features, Gamma latent precision, one noisy label per row (Def. 3.1)',
  description:
    'Draws x ~ N(0, diag(j^−(1+α))), τ ~ Gamma(β/2, 1), y = x·θ* + N(0, σ_η²/τ) for nTrain training and nTest test rows per replicate, and records the population law so evaluators can integrate exactly.',
  refs: ['LID Def. 3.1', 'LID Eqs. 1–3', 'LID Corollary 1'],
  options: lidOptions,
  produces: 'StochasticRegression',
  run(_input, options, ctx) {
    return runLid(options, ctx)
  },
})
