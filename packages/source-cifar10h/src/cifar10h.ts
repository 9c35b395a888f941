/**
 * sources/cifar10h: CIFAR-10H human-label variance as instance difficulty on frozen features (LID §5.1).
 *
 *   z_i^scaled = z_i / s,   m_i^scaled = m_i / s                                  (Eq. 26)
 *   y_i ~ N(m_i^scaled, v_i + ε_v)   (noise: 'paper', Eq. 27 as printed)        (Eq. 27)
 *   θ̂ = (Zᵀ Z/N + λ_eff I)⁻¹ Zᵀ y/N,  λ_eff = λ/s²;  δ_eff = δ/s                 (Eq. 28)
 *
 * m_i = Σ_c c·P(c|x_i), v_i = Σ_c (c − m_i)²·P(c|x_i) from the human label distributions. λ_eff and δ_eff
 * are applied downstream through lambdaScale = 1/s² and deltaScale = 1/s; lossScale = s² makes L_gen
 * comparable across s. With noise: 'rescaled' the variance is (v_i + ε_v)/s² instead, a pure change of
 * units under which s has no effect at all (useful as a check).
 *
 * Randomness: one train/validation split from ctx.rng.split('split-' + splitSeed), the same for every
 * replicate; replicate r draws its training labels (once per training row) from ctx.rng.split('labels-' + r).
 */
import { PasskError, defineSource, z, maxOf } from '@passk/core'
import type { PluginContext, RegressionReplicate, StochasticRegression } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import { labelMoments, readAnnotationsCsv, readLabelsFile, LABELS_HINT, type LabelDistributions } from './labels.js'
import { readFeatures, readIndexMap, FEATURES_HINT, type Features } from './internal/features.js'
import { imageFeatures } from './internal/image-features.js'

export const DEFAULT_LABELS = '../shared/data/cifar10h/cifar10h-probs.npy'
export const DEFAULT_FEATURES = '../shared/data/cifar10-test-first1000/resnet20_features64.npy'
export const DEFAULT_WEIGHTS = '../shared/data/cifar10-test-first1000/resnet20-12fca82f.npz'

export const cifar10hOptions = z
  .object({
    labels: z
      .string()
      .default(DEFAULT_LABELS)
      .describe(
        "cifar10h-probs.npy or cifar10h-counts.npy (rows × 10; counts are normalised). Relative paths resolve against the spec file's directory",
      ),
    labelsKind: z
      .enum(['auto', 'probs', 'counts'])
      .default('auto')
      .describe("How to read `labels`: 'auto' treats integer dtypes as counts"),
    annotationsCsv: z
      .string()
      .default('')
      .describe(
        'Optional raw CIFAR-10H CSV (cifar10_test_set_idx, chosen_label, is_attn_check); when set it replaces `labels`, attention checks excluded',
      ),
    features: z
      .string()
      .default(DEFAULT_FEATURES)
      .describe('Frozen features: n × d float32/float64 .npy, C or Fortran order'),
    images: z
      .string()
      .default('')
      .describe(
        "Compute the features inside passk-lab instead of reading `features`: a uint8 NHWC (n, 32, 32, 3) image .npy run through ResNet-20 ('' = off)",
      ),
    weights: z
      .string()
      .default(DEFAULT_WEIGHTS)
      .describe('ResNet-20 weights .npz (akamaster/pytorch_resnet_cifar10 state dict) used when `images` is set'),
    featureCache: z
      .string()
      .default('.passk-cache')
      .describe("Directory caching computed features by content hash (relative to the spec file; '' = no cache)"),
    indexMap: z
      .string()
      .default('')
      .describe('Optional .npy/.txt giving the CIFAR-10H row of each feature row (default: row i ↔ image i)'),
    maxRows: z.number().int().min(0).default(0).describe('Use only the first maxRows feature rows (0 = all)'),
    s: z
      .number()
      .positive()
      .default(32)
      .describe('Scale s of Eq. 26: features and mean targets are divided by s; λ_eff = λ/s², δ_eff = δ/s (Eq. 28)'),
    epsV: z.number().nonnegative().default(1e-6).describe('ε_v added to the label variance v_i (Eq. 27)'),
    noise: z
      .enum(['paper', 'rescaled'])
      .default('paper')
      .describe(
        "Label-noise variance: 'paper' = v_i + ε_v on the rescaled targets (Eq. 27 as printed; s sets the SNR), 'rescaled' = (v_i + ε_v)/s² (pure change of units)",
      ),
    valFraction: z
      .number()
      .gt(0)
      .lt(1)
      .default(0.2)
      .describe('Fraction of the rows held out for validation (L_gen and L_inf are measured there)'),
    replicates: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(3)
      .describe('Independent draws of the training labels (same split), averaged by evaluators'),
    splitSeed: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe('Selects the train/validation split independently of the label draws'),
  })
  .strict()

export type Cifar10hOptions = z.output<typeof cifar10hOptions>

/** Load the label distributions named by the options. */
export function loadLabels(
  o: Pick<Cifar10hOptions, 'labels' | 'labelsKind' | 'annotationsCsv'>,
  ctx: Pick<PluginContext, 'resolvePath'>,
): LabelDistributions {
  if (o.annotationsCsv) return readAnnotationsCsv(ctx.resolvePath(o.annotationsCsv))
  return readLabelsFile(ctx.resolvePath(o.labels), o.labelsKind)
}

function run(_: null, o: Cifar10hOptions, ctx: PluginContext): StochasticRegression {
  const id = 'sources/cifar10h'
  const labels = loadLabels(o, ctx)
  let F: Features, featPath: string
  let fromImages: { logits: Float64Array; cached: boolean } | undefined
  if (o.images) {
    featPath = ctx.resolvePath(o.images)
    const r = imageFeatures(
      featPath,
      ctx.resolvePath(o.weights),
      o.featureCache ? ctx.resolvePath(o.featureCache) : null,
      ctx,
    )
    F = r
    fromImages = r
  } else {
    featPath = ctx.resolvePath(o.features)
    F = readFeatures(featPath)
  }
  const n = o.maxRows > 0 ? Math.min(o.maxRows, F.n) : F.n
  if (o.maxRows > F.n)
    ctx.warn('CIFAR10H_MAXROWS', `${id}: maxRows = ${o.maxRows} exceeds the ${F.n} feature rows; using all ${F.n}.`)
  const d = F.d
  let rowOf: number[]
  if (o.indexMap) {
    const map = readIndexMap(ctx.resolvePath(o.indexMap))
    if (map.length !== F.n)
      throw new PasskError(
        'PASSK_BAD_INPUT',
        `${id}: indexMap has ${map.length} entries but the features have ${F.n} rows`,
        'Give one CIFAR-10H row index per feature row.',
      )
    rowOf = map.slice(0, n)
  } else rowOf = Array.from({ length: n }, (_, i) => i)
  const maxRow = maxOf(rowOf)
  if (maxRow >= labels.rows) {
    throw new PasskError(
      'PASSK_BAD_INPUT',
      `${id}: feature row ${rowOf.indexOf(maxRow)} maps to CIFAR-10H row ${maxRow}, but the labels have only ${labels.rows} rows (features ${F.n} × ${d} from ${featPath})`,
      o.indexMap
        ? 'Fix indexMap: every entry must be below the number of label rows.'
        : `Without indexMap, feature row i is image i, so the features may have at most ${labels.rows} rows. ${FEATURES_HINT}`,
    )
  }
  if (labels.classes !== 10)
    ctx.warn(
      'CIFAR10H_CLASSES',
      `${id}: the labels have ${labels.classes} classes (CIFAR-10H has 10); m_i and v_i use classes 0..${labels.classes - 1}.`,
    )

  const { m: mAll, v: vAll } = labelMoments(labels)
  let top1VsHumans: number | undefined
  if (fromImages && labels.classes === 10) {
    // Agreement of the network's argmax with the human majority label (a sanity check of the forward pass).
    let agree = 0
    for (let i = 0; i < n; i++) {
      const row = rowOf[i]
      let a = 0,
        h = 0
      for (let c = 1; c < 10; c++) {
        if (fromImages.logits[i * 10 + c] > fromImages.logits[i * 10 + a]) a = c
        if (labels.p[row * labels.classes + c] > labels.p[row * labels.classes + h]) h = c
      }
      if (a === h) agree++
    }
    top1VsHumans = agree / n
  }
  const nVal = Math.round(o.valFraction * n),
    nTrain = n - nVal
  if (nVal < 1 || nTrain < 1)
    throw new PasskError(
      'PASSK_BAD_OPTIONS',
      `${id}: ${n} rows with valFraction = ${o.valFraction} leave ${nTrain} training and ${nVal} validation rows; both need at least 1`,
      'Use more rows or a valFraction nearer 0.5.',
    )

  // Seeded split: a Fisher–Yates permutation of the n rows; the first nTrain train (in that order), the rest validate.
  const perm = Array.from({ length: n }, (_, i) => i)
  const srng = ctx.rng.split(`split-${o.splitSeed}`)
  for (let i = n - 1; i > 0; i--) {
    const j = srng.int(i + 1)
    const t = perm[i]
    perm[i] = perm[j]!
    perm[j] = t
  }

  const s = o.s
  const noiseSd = (row: number) =>
    o.noise === 'paper' ? Math.sqrt(vAll[row] + o.epsV) : Math.sqrt(vAll[row] + o.epsV) / s
  const block = (idx: number[]) => {
    const x = new Float64Array(idx.length * d),
      m = new Float64Array(idx.length),
      sd = new Float64Array(idx.length)
    idx.forEach((fr, k) => {
      for (let j = 0; j < d; j++) x[k * d + j] = F.x[fr * d + j] / s
      const row = rowOf[fr]
      m[k] = mAll[row] / s
      sd[k] = noiseSd(row)
    })
    return { x, m, sd }
  }
  const tr = block(perm.slice(0, nTrain)),
    va = block(perm.slice(nTrain))
  const test = { n: nVal, x: va.x, m: va.m, s: va.sd }
  const replicates: RegressionReplicate[] = []
  for (let r = 0; r < o.replicates; r++) {
    ctx.throwIfAborted()
    const lrng = ctx.rng.split(`labels-${r}`)
    const noise = lrng.fillNormal(new Float64Array(nTrain))
    const y = new Float64Array(nTrain)
    for (let i = 0; i < nTrain; i++) y[i] = tr.m[i] + tr.sd[i] * noise[i]
    replicates.push({ train: { n: nTrain, x: tr.x, m: tr.m, s: tr.sd, y }, test, seed: r })
    ctx.progress({ done: r + 1, total: o.replicates, label: `label draw ${r + 1}/${o.replicates}` })
  }

  // Difficulty summary (original label units) of the rows in use.
  const used = rowOf.map((row) => vAll[row]).sort((a, b) => a - b)
  const q = (p: number) => used[Math.min(used.length - 1, Math.floor(p * used.length))]
  const meanV = used.reduce((a, b) => a + b, 0) / used.length
  const zeroV = used.filter((v) => v === 0).length / used.length
  ctx.table({
    id: 'cifar10h-difficulty',
    title: 'CIFAR-10H human label variance v_i of the rows used (original label units)',
    columns: ['rows', 'train', 'validation', 'd', 'mean v', 'share v = 0', 'median v', 'q90 v', 'q99 v', 'max v'],
    rows: [[n, nTrain, nVal, d, meanV, zeroV, q(0.5), q(0.9), q(0.99), used[used.length - 1]]],
  })
  return {
    kind: 'StochasticRegression',
    d,
    replicates,
    lambdaScale: 1 / (s * s),
    deltaScale: 1 / s,
    lossScale: s * s,
    meta: {
      dataset: 'CIFAR-10H',
      source: id,
      labels: o.annotationsCsv ? ctx.resolvePath(o.annotationsCsv) : ctx.resolvePath(o.labels),
      labelsFrom: labels.source,
      features: featPath,
      featuresFrom: fromImages ? (fromImages.cached ? 'resnet20 (cache)' : 'resnet20') : 'npy',
      ...(top1VsHumans !== undefined ? { top1VsHumanMajority: top1VsHumans } : {}),
      rows: n,
      nTrain,
      nVal,
      d,
      s,
      epsV: o.epsV,
      noise: o.noise,
      splitSeed: o.splitSeed,
      meanLabelVariance: meanV,
      refs: ['LID Eq. 26', 'LID Eq. 27', 'LID Eq. 28'],
    },
  }
}

export const cifar10h = defineSource({
  name: 'cifar10h',
  version: pkg.version,
  summary: 'CIFAR-10H human-label mean/variance targets on frozen features, rescaled by s (LID §5, Eq. 26–28)',
  description: `Reads human label distributions and n × d frozen features; targets m_i/s with label noise N(0, v_i + ε_v), one label per training row, a seeded train/validation split. Sets lambdaScale = 1/s², deltaScale = 1/s, lossScale = s² so estimators and evaluators apply λ/s² and δ/s. ${LABELS_HINT}`,
  refs: ['LID §5.1 Eq. 26–28', 'Peterson et al. 2019 (CIFAR-10H)'],
  options: cifar10hOptions,
  produces: 'StochasticRegression',
  run,
})
