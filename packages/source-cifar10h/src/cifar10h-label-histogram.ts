/**
 * sources/cifar10h-label-histogram: Fig. 3 (bottom row) of the LID paper — for one image, its human label
 * histogram P(c | x_i) and the Gaussian N(m_i, v_i + ε_v) used to sample labels (Eq. 27), on the original
 * class axis (training divides the mean by s; the shape is the same).
 *
 * A stage (role evaluator) on the StochasticRegression of sources/cifar10h, so it can sit in the same
 * pipeline (only the first stage may be a source): it re-reads the label file named in the data's meta,
 * unless `labels`/`annotationsCsv` are given.
 */
import { PasskError, defineEvaluator, z } from '@passk/core'
import type { Curve, PluginContext, StochasticRegression } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import { labelMoments } from './labels.js'
import { loadLabels } from './cifar10h.js'

export const CIFAR10_CLASSES = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
]

export const labelHistogramOptions = z
  .object({
    labels: z
      .string()
      .default('')
      .describe(
        "cifar10h-probs.npy or cifar10h-counts.npy (relative to the spec file); '' = the file sources/cifar10h read",
      ),
    labelsKind: z
      .enum(['auto', 'probs', 'counts'])
      .default('auto')
      .describe("How to read `labels`: 'auto' treats integer dtypes as counts"),
    annotationsCsv: z.string().default('').describe('Optional raw CIFAR-10H CSV instead of `labels`'),
    image: z
      .union([z.number().int().min(0), z.enum(['max-variance', 'median-variance', 'min-variance'])])
      .default('max-variance')
      .describe('Row index of the image, or pick one by its label variance v_i among the first `among` rows'),
    among: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe('Rows searched when image picks by variance; 0 = the rows the data set uses (its meta.rows)'),
    epsV: z.number().nonnegative().default(1e-6).describe('ε_v added to v_i (Eq. 27)'),
    points: z.number().int().min(10).max(10000).default(241).describe('Grid points of the Gaussian curve'),
  })
  .strict()

type Opts = z.output<typeof labelHistogramOptions>

function pick(v: Float64Array, o: Opts, among: number): number {
  if (typeof o.image === 'number') return o.image
  const n = Math.min(among, v.length)
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => v[a] - v[b] || a - b)
  return o.image === 'max-variance' ? idx[n - 1] : o.image === 'min-variance' ? idx[0] : idx[Math.floor((n - 1) / 2)]
}

function run(data: StochasticRegression, o: Opts, ctx: PluginContext): Curve {
  const id = 'sources/cifar10h-label-histogram'
  const meta = data.meta as { labels?: unknown; labelsFrom?: unknown; rows?: unknown }
  let labels = o.labels,
    annotationsCsv = o.annotationsCsv
  if (!labels && !annotationsCsv) {
    if (typeof meta.labels !== 'string')
      throw new PasskError(
        'PASSK_BAD_INPUT',
        `${id}: the input data does not name its label file (meta.labels); it does not come from sources/cifar10h`,
        'Put this stage after sources/cifar10h, or give the labels option.',
      )
    if (meta.labelsFrom === 'annotations-csv') annotationsCsv = meta.labels
    else labels = meta.labels
  }
  const L = loadLabels({ labels, labelsKind: o.labelsKind, annotationsCsv }, ctx)
  const { m, v } = labelMoments(L)
  const among = o.among > 0 ? o.among : typeof meta.rows === 'number' ? meta.rows : L.rows
  const i = pick(v, o, among)
  if (i >= L.rows)
    throw new PasskError(
      'PASSK_BAD_OPTIONS',
      `${id}: image ${i} is out of range; the labels have ${L.rows} rows`,
      `Choose image in 0..${L.rows - 1}.`,
    )
  const C = L.classes
  const classes = Array.from({ length: C }, (_, c) => c)
  const probs = classes.map((c) => L.p[i * C + c])
  const mean = m[i],
    varEff = v[i] + o.epsV,
    sd = Math.sqrt(varEff)
  const lo = -1,
    hi = C
  const gx: number[] = [],
    gy: number[] = []
  for (let t = 0; t < o.points; t++) {
    const x = lo + ((hi - lo) * t) / (o.points - 1)
    gx.push(x)
    // Gaussian density N(m_i, v_i + ε_v); with v_i = 0 it is a spike of height 1/√(2π ε_v) at m_i.
    gy.push(Math.exp((-0.5 * (x - mean) ** 2) / varEff) / (sd * Math.sqrt(2 * Math.PI)))
  }
  const names = C === 10 ? CIFAR10_CLASSES : classes.map(String)
  ctx.table({
    id: `label-histogram-${i}`,
    title: `Human labels of CIFAR-10H image ${i}`,
    columns: ['class', 'name', 'P(class)', ...(L.annotators ? ['annotations'] : [])],
    rows: classes.map((c) => [
      c,
      names[c],
      probs[c],
      ...(L.annotators ? [Math.round(probs[c] * L.annotators[i])] : []),
    ]),
  })
  return {
    kind: 'Curve',
    id: 'label-histogram',
    title: `CIFAR-10H image ${i}: human labels and N(m_i, v_i + ε_v) (LID Eq. 27)`,
    xLabel: 'class label c',
    yLabel: 'probability / density',
    xScale: 'linear',
    yScale: 'linear',
    quantity: 'probability',
    series: [
      { label: 'human labels P(c | x_i)', x: classes, y: probs, style: 'data', attrs: { image: i } },
      {
        label: `N(m_i = ${mean.toFixed(3)}, v_i = ${v[i].toFixed(3)})`,
        x: gx,
        y: gy,
        style: 'fit',
        attrs: { image: i, m: mean, v: v[i] },
      },
    ],
    meta: {
      image: i,
      m: mean,
      v: v[i],
      epsV: o.epsV,
      classes: names,
      labelsFrom: L.source,
      pickedBy: typeof o.image === 'number' ? 'index' : o.image,
    },
  }
}

export const labelHistogram = defineEvaluator({
  name: 'cifar10h-label-histogram',
  version: pkg.version,
  summary:
    "One image's human label histogram and the Gaussian N(m_i, v_i + ε_v) that samples its labels (LID Fig. 3 bottom, Eq. 27)",
  refs: ['LID §5.1 Eq. 27', 'LID Fig. 3'],
  accepts: 'StochasticRegression',
  options: labelHistogramOptions,
  produces: 'Curve',
  run,
})
